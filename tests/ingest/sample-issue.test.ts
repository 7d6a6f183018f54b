import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadIssueFile } from "../../src/ingest/load.ts";
import { parseIssueJson } from "../../src/ingest/parse-json.ts";
import { repoPath } from "./fixtures.ts";

const TEXT = repoPath("data/samples/sample-issue.zh.txt");
const JSON_TWIN = repoPath("data/samples/sample-issue.zh.json");

describe("the bundled sample issue the console chat imports on first start", () => {
  it("is a Chinese evening issue with a 3-item lead, three news sections, a view and a footer", async () => {
    const issue = await loadIssueFile(TEXT, { tz: "Asia/Shanghai" });
    expect(issue.date).toBe("2025-01-08");
    expect(issue.language).toBe("zh");
    expect(issue.edition).toBe("evening");
    expect(issue.headlines).toHaveLength(3);
    expect(issue.images).toHaveLength(1);
    expect(issue.sections.map((s) => s.key)).toEqual(["ecommerce", "internet", "crossborder", "view"]);
    for (const s of issue.sections.slice(0, 3)) {
      expect(s.items.length).toBeGreaterThanOrEqual(2);
      expect(s.items.length).toBeLessThanOrEqual(3);
      for (const item of s.items) expect(item.source).toBeTruthy();
    }
    expect(issue.sections.flatMap((s) => s.items.flatMap((i) => i.images))).toHaveLength(2);
    expect(issue.sections[3]?.body?.split("\n")).toHaveLength(2);
    expect(issue.footer).toHaveLength(2);
  });

  // Regenerate the JSON twin after editing the text: UPDATE_SAMPLES=1 npx vitest run tests/ingest/sample-issue.test.ts
  it("has a JSON twin that stays in sync with the text", async () => {
    const issue = await loadIssueFile(TEXT, { tz: "Asia/Shanghai" });
    if (process.env.UPDATE_SAMPLES) writeFileSync(JSON_TWIN, `${JSON.stringify(issue, null, 2)}\n`);
    const twinText = readFileSync(JSON_TWIN, "utf8");
    expect(JSON.parse(twinText)).toEqual(issue);
    expect(parseIssueJson(twinText)).toEqual(issue);
  });
});

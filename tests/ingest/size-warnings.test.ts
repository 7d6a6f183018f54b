import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";
import { cleanEnv, runCli, tempDataDir } from "../support/run-cli.ts";
import { SHANGHAI } from "./fixtures.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

function bigIssue(items: number, longBody = ""): string {
  const lines = ["#老高电商快报# 【3月14日电商晚报】1、第一条；2、第二条。", "电商快报："];
  for (let n = 1; n <= items; n++)
    lines.push(`${n}、第${n}条消息`, `${n === 2 ? longBody : "正文。"}（来源：测试）`);
  return lines.join("\n");
}

describe("an issue far bigger than editors write", () => {
  it("keeps four-digit item numbers apart instead of folding them into item 999", () => {
    const issue = parseNewsletterText(bigIssue(1002), { ...SHANGHAI, date: "2025-03-14" });
    const items = issue.sections[0]?.items ?? [];
    expect(items).toHaveLength(1002);
    expect(items.at(-1)).toMatchObject({ n: 1002, title: "第1002条消息", body: "正文。" });
    expect(items.find((i) => i.n === 999)?.body).toBe("正文。");
  });

  it("is imported with a warning for 1,000 items in a section and for a body of thousands of characters", async () => {
    const dir = await tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, "big.txt");
    await fs.writeFile(file, bigIssue(1000, "很长的正文。".repeat(900)));
    const res = await runCli(["import", file, "--date", "2025-03-14", "--dry-run"], {
      env: cleanEnv({ PAPERBOY_DATA_DIR: dir }),
    });
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/warning: section ecommerce has 1000 items/);
    expect(res.stderr).toMatch(/warning: section ecommerce item 2 .* body of 5400 characters/);
    expect(res.stderr).toContain("1000 items; nothing stored");
  });
});

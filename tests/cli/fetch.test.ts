import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIn } from "../../src/domain/today.ts";
import { type PublisherSite, startPublisherSite } from "../ingest/web/site.ts";
import { cleanEnv, runCli, tempDataDir } from "../support/run-cli.ts";

let site: PublisherSite;
let dir: string;
beforeAll(async () => {
  site = await startPublisherSite(todayIn("Asia/Shanghai"));
  dir = await tempDataDir();
});
afterAll(async () => {
  await site.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe("paperboy fetch", () => {
  it("--dry-run --json prints the parsed issue and stores nothing; without it the issue is imported; a 304 says unchanged", async () => {
    const env = cleanEnv({ PAPERBOY_DATA_DIR: dir, PAPERBOY_SOURCE_URL: `${site.base}/feed.xml` });
    const dry = await runCli(["fetch", "--dry-run", "--json"], { env });
    expect(dry.stderr).toContain("nothing stored (--dry-run)");
    expect(dry.code).toBe(0);
    const issue = JSON.parse(dry.stdout) as { date: string; sections: Array<{ key: string }> };
    expect(issue.date).toBe(todayIn("Asia/Shanghai"));
    expect(issue.sections.map((s) => s.key)).toEqual(["ecommerce", "crossborder", "view"]);
    expect(await fs.readdir(dir)).toEqual([]);

    const real = await runCli(["fetch"], { env });
    expect(real.code).toBe(0);
    expect(real.stderr).toMatch(/^imported .*from http:\/\/127\.0\.0\.1:\d+\/news\/today\.html/);
    const again = await runCli(["fetch"], { env });
    expect(again.stderr).toContain("unchanged");
    const status = await runCli(["status"], { env });
    expect(status.stdout).toContain(issue.date);
  }, 120_000);

  it("a page that is not an issue fails with the reason and stores nothing", async () => {
    const empty = await tempDataDir();
    try {
      const r = await runCli(["fetch", `${site.base}/about.html`], {
        env: cleanEnv({ PAPERBOY_DATA_DIR: empty }),
      });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("the article is not an issue");
      const status = await runCli(["status"], { env: cleanEnv({ PAPERBOY_DATA_DIR: empty }) });
      expect(status.stdout).not.toMatch(/\d{4}-\d{2}-\d{2} evening/);
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
  }, 60_000);
});

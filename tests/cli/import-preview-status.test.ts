import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanEnv, REPO_ROOT, runCli, tempDataDir } from "../support/run-cli.ts";
import { startTelegramApi } from "../support/telegram-api/server.ts";

const SAMPLE = path.join(REPO_ROOT, "data/samples/sample-issue.zh.txt");

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function env(extra: Record<string, string> = {}) {
  const dir = await tempDataDir();
  dirs.push(dir);
  return { dir, env: cleanEnv({ PAPERBOY_DATA_DIR: dir, ...extra }) };
}

/** A short English issue in the editors' format, written for this test. */
const ENGLISH_ISSUE = [
  "#Paperboy Test Daily# [Evening News on March 3] 1. Shops try <live> rooms & more; 2. A parcel robot goes on sale.",
  "E-commerce newsletter:",
  "1. Shops try <live> rooms & more",
  "Several shops said that live rooms doubled their orders. (Source: Test Wire)",
  "2. A parcel robot goes on sale",
  "A small robot that carries parcels upstairs went on sale this week.",
  "Cross-border newsletter:",
  "1. Ports speed up customs checks",
  "Two ports cut the time for customs checks to one hour. (Source: Harbour Daily)",
  "Today's Paperboy view:",
  "Speed matters, but trust matters more.",
  "Thanks for reading. Merchants are welcome to apply to join the club.",
].join("\n");

// Several CLI runs per test: on a busy 2-core machine each can take seconds.
describe("paperboy import / preview / status", { timeout: 120_000 }, () => {
  it("imports a text issue with --date, previews a section for Telegram, and lists it in status", async () => {
    const { dir, env: e } = await env();
    const file = path.join(dir, "issue.txt");
    await fs.writeFile(file, ENGLISH_ISSUE);
    const imported = await runCli(["import", file, "--date", "2018-03-03"], { env: e });
    expect(imported.stderr).toMatch(/imported 2018-03-03 evening/);
    expect(imported.code).toBe(0);

    const preview = await runCli(
      ["preview", "2018-03-03", "--platform", "telegram", "--section", "ecommerce"],
      { env: e },
    );
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain("&lt;live&gt; rooms &amp; more");
    expect(preview.stdout).toMatch(/<b>/);

    const wechat = await runCli(["preview", "2018-03-03", "--platform", "wechat", "--section", "cb"], {
      env: e,
    });
    expect(wechat.code).toBe(0);
    expect(wechat.stdout).toContain("Ports speed up customs checks");
    expect(wechat.stdout).not.toContain("<b>");

    const status = await runCli(["status"], { env: e });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("2018-03-03");
  });

  it("prints the parsed JSON with --dry-run --json and stores nothing", async () => {
    const { dir, env: e } = await env();
    const res = await runCli(["import", SAMPLE, "--dry-run", "--json"], { env: e });
    expect(res.code).toBe(0);
    const issue = JSON.parse(res.stdout);
    expect(issue.sections.map((s: { key: string }) => s.key)).toContain("crossborder");
    const status = await runCli(["status", "--json"], { env: e });
    expect(JSON.parse(status.stdout).issues).toEqual([]);
    // A JSON file goes through the same schema.
    const json = path.join(dir, "issue.json");
    await fs.writeFile(json, res.stdout);
    const again = await runCli(["import", json], { env: e });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(issue.date);
  });

  it("refuses a malformed issue naming the field, and stores nothing", async () => {
    const { dir, env: e } = await env();
    const json = path.join(dir, "bad.json");
    await fs.writeFile(
      json,
      JSON.stringify({
        date: "2018-02-30",
        title: "x",
        sections: [{ key: "ecommerce", title: "E", items: [] }],
      }),
    );
    const res = await runCli(["import", json], { env: e });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/date/);
    const status = await runCli(["status", "--json"], { env: e });
    expect(JSON.parse(status.stdout).issues).toEqual([]);
  });

  it("says so when re-importing the same date replaces the issue", async () => {
    const { dir, env: e } = await env();
    const file = path.join(dir, "issue.txt");
    await fs.writeFile(file, ENGLISH_ISSUE);
    await runCli(["import", file, "--date", "2018-03-03"], { env: e });
    const again = await runCli(["import", file, "--date", "2018-03-03"], { env: e });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/replaced 2018-03-03/);
  });

  it("doctor checks the config without printing the token", async () => {
    const token = "123456:AAE_secret_token_value_abcdefghij";
    // Doctor asks the Bot API about the token: point it at the stand-in, never the real one.
    const standIn = await startTelegramApi({ token });
    const { env: e } = await env({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: standIn.url });
    const res = await runCli(["doctor"], { env: e }).finally(() => standIn.stop());
    expect(res.stdout).toContain("token accepted");
    expect(res.stdout + res.stderr).not.toContain(token);
    expect(res.stdout + res.stderr).not.toContain("secret_token");
  });

  it("refuses a malformed date or option with exit code 2 and one clear line", async () => {
    const { env: e } = await env();
    const status = await runCli(["status", "2025-3-14"], { env: e });
    expect(status.code).toBe(2);
    expect(status.stderr).toContain("YYYY-MM-DD");
    const preview = await runCli(["preview", "--platform", "discord"], { env: e });
    expect(preview.code).toBe(2);
    expect(preview.stderr).toMatch(/platform/);
    expect(preview.stderr).not.toMatch(/at .*\.ts:\d+/);
    const doctor = await runCli(["doctor"], { env: { ...e, PAPERBOY_PUSH_AT: "6pm" } });
    expect(doctor.code).toBe(2);
  });

  it("previews an unknown section by the title the editor gave it, and warns about site-relative images", async () => {
    const { dir, env: e } = await env();
    const file = path.join(dir, "issue.txt");
    const withBrand = ENGLISH_ISSUE.replace(
      "Today's Paperboy view:",
      "品牌快报：\n1. A tea brand opens its first shop abroad\nThe brand chose a harbour city. (来源：测试)\n![shop](/upload/img/20180303/1.jpg)\nToday's Paperboy view:",
    );
    await fs.writeFile(file, withBrand);
    const imported = await runCli(["import", file, "--date", "2018-03-03"], { env: e });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain("PAPERBOY_IMAGE_BASE_URL");
    const preview = await runCli(["preview", "2018-03-03", "--platform", "wechat", "--section", "品牌快报"], {
      env: e,
    });
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain("A tea brand opens its first shop abroad");
  });
});

import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// The demo starts the desk: port 0 (any free one), since other test files may hold the default 8787 meanwhile.
import { cleanEnv, REPO_ROOT, runCli, tempDataDir } from "../support/run-cli.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const d = await tempDataDir();
  dirs.push(d);
  return d;
}

describe("the console chat (npm start with no platform configured)", () => {
  it("answers piped lines in order on the bundled sample issue, then exits 0 on EOF", async () => {
    const dir = await dataDir();
    const res = await runCli(["start"], {
      env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir }),
      input: "/today\n跨境\n",
    });
    expect(res.stderr).not.toMatch(/Error/);
    expect(res.code).toBe(0);
    // The sample issue has a cross-border section; /today lists it, 跨境 shows it.
    const todayAt = res.stdout.indexOf("跨境");
    expect(todayAt).toBeGreaterThanOrEqual(0);
    expect(res.stdout).toMatch(/跨境快报/);
    // The demo runs on a store of its own: the real data dir never holds the fictional sample.
    expect(res.stderr).toContain("demo");
    expect(await fs.readdir(dir).catch(() => [])).toEqual([]);
  });

  it("the demo's choices and applications never reach the data dir a real bot uses later", async () => {
    const dir = await dataDir();
    await runCli(["start"], {
      env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir }),
      input: "/lang en\n/join\nTea Shop\n",
    });
    expect(await fs.readdir(dir).catch(() => [])).toEqual([]);
    const status = await runCli(["status"], {
      env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir }),
    });
    expect(status.stdout).toMatch(/issues \(0\)/);
  });

  it("never flood-limits the operator: 30 wrong answers in the merchant dialogue, then every step answered", async () => {
    const dir = await dataDir();
    const wrong = Array.from({ length: 30 }, () => "火星商城").join("\n");
    const res = await runCli(["start"], {
      env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir }),
      input: `/join\n我的小店\n${wrong}\n2\nhttps://shop.example.com\n女装\n`,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).not.toContain("消息有点多");
    expect(res.stdout.split("没认出这个平台").length - 1).toBe(30);
    // The right answer after the flood of wrong ones was taken, and so was each one after it.
    expect(res.stdout).toContain("第 3/6 步");
    expect(res.stdout).toContain("第 5/6 步");
  });

  it("lists the options it asks for by number under their numbers", async () => {
    const dir = await dataDir();
    const res = await runCli(["start"], {
      env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir }),
      input: "/join\n我的小店\n",
    });
    expect(res.stdout).toMatch(/^1\. 天猫$/m);
    expect(res.stdout).toMatch(/^6\. 其他$/m);
  });

  it("the README's examples find something in the bundled sample", async () => {
    const dir = await dataDir();
    const readme = await fs.readFile(path.join(REPO_ROOT, "README.md"), "utf8");
    const search = /`(\/search [^<`][^`]*)`/.exec(readme)?.[1];
    const itemLine = /`(\/item \d[^`]*)`/.exec(readme)?.[1];
    expect(search).toBeDefined();
    expect(itemLine).toBeDefined();
    const res = await runCli(["start"], {
      env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir }),
      input: `${search}\n${itemLine}\n`,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/找到 \d+ 条/);
    expect(res.stdout).not.toContain("没有找到");
    expect(res.stdout).toContain("（来源：");
  });

  it("speaks English when PAPERBOY_LOCALE=en", async () => {
    const dir = await dataDir();
    const res = await runCli(["start"], {
      env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir, PAPERBOY_LOCALE: "en" }),
      input: "/help\n",
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/\/today/);
    expect(res.stdout).toMatch(/[A-Za-z]{4,} [A-Za-z]{3,}/);
  });

  it("refuses a corrupt data file with a clear message and leaves it untouched", async () => {
    const dir = await dataDir();
    await runCli(["status"], { env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir }) });
    const main = (await fs.readdir(dir)).find((f) => f.endsWith(".json"));
    expect(main).toBeDefined();
    const file = path.join(dir, main as string);
    await fs.writeFile(file, '{"version": 1, "chats": [tru');
    const before = await fs.readFile(file);
    const res = await runCli(["status"], {
      env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir }),
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(main as string);
    expect(await fs.readFile(file)).toEqual(before);
  });

  it("names the variable when the configuration is wrong", async () => {
    const dir = await dataDir();
    const res = await runCli(["start"], {
      env: cleanEnv({ PAPERBOY_DESK_PORT: "0", PAPERBOY_DATA_DIR: dir, PAPERBOY_PUSH_AT: "6pm" }),
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("PAPERBOY_PUSH_AT");
    expect(res.stderr).toContain("6pm");
  });
});

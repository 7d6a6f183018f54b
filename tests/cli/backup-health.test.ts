import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { storePaths } from "../../src/store/layout.ts";
import { DirLock } from "../../src/store/lock.ts";
import { exited } from "../support/child.ts";
import { CLI, cleanEnv, REPO_ROOT, runCli, tempDataDir } from "../support/run-cli.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";

const dirs: string[] = [];
const apis: TelegramApi[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
  for (const a of apis.splice(0)) await a.stop();
});
const SAMPLE = path.join(REPO_ROOT, "data", "samples", "sample-issue.zh.txt");

/** Waits until `text` (as it grows) matches. */
function watch(stream: NodeJS.ReadableStream) {
  let text = "";
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  stream.setEncoding("utf8");
  stream.on("data", (d: string) => {
    text += d;
    for (const w of waiters.splice(0)) {
      if (w.re.test(text)) w.resolve();
      else waiters.push(w);
    }
  });
  return {
    until: (re: RegExp) =>
      new Promise<void>((resolve) => (re.test(text) ? resolve() : waiters.push({ re, resolve }))),
  };
}

describe("backing up while the bot runs, and the health probe", () => {
  it("copies a consistent snapshot under the store's write lock; the copy has the imported issue", async () => {
    const data = await tempDataDir();
    const dest = path.join(await tempDataDir(), "backup");
    dirs.push(data, path.dirname(dest));
    // A real bot (the console demo keeps a store of its own): Telegram on the local Bot API stand-in,
    // with an issue an editor imported into the data dir.
    const api = await startTelegramApi();
    apis.push(api);
    const env = cleanEnv({
      PAPERBOY_DATA_DIR: data,
      PAPERBOY_LOG_LEVEL: "info",
      PAPERBOY_DESK: "off",
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
    });
    expect((await runCli(["import", SAMPLE], { env })).code).toBe(0);
    const bot = spawn(process.execPath, [CLI, "start"], {
      cwd: REPO_ROOT,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const botExit = exited(bot);
    bot.stdout.resume();
    try {
      await watch(bot.stderr).until(/control socket listening/);
      expect((await runCli(["health"], { env })).code).toBe(0);

      // A writer holds the lock mid-write: the backup must wait for it, then copy what it wrote.
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const writer = new DirLock(data, storePaths(data).lock).run(async () => {
        locked();
        await held;
      });
      await isLocked;
      const backup = spawn(process.execPath, [CLI, "backup", dest], {
        cwd: REPO_ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const backupExit = exited(backup);
      const backupErr = watch(backup.stderr);
      await backupErr.until(/taking the store's write lock/);
      const late = path.join(data, "issues", "written-under-the-lock.json");
      await fs.writeFile(late, '{"complete": true}');
      release();
      await writer;
      const { code } = await backupExit;
      expect(code).toBe(0);
      await backupErr.until(/backed up \d+ files/);
      expect(JSON.parse(await fs.readFile(path.join(dest, "issues", path.basename(late)), "utf8"))).toEqual({
        complete: true,
      });
      const copied = await fs.readdir(dest);
      expect(copied).toContain("paperboy.json");
      expect(copied.some((f) => f.endsWith(".sock") || f.endsWith(".lock"))).toBe(false);
      await fs.rm(late);
    } finally {
      bot.kill("SIGTERM");
      await botExit;
    }
    expect((await runCli(["health"], { env })).code).toBe(1);

    // Restoring is pointing paperboy at the copy: it has the imported issue.
    const restored = await runCli(["status"], { env: cleanEnv({ PAPERBOY_DATA_DIR: dest }) });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/\d{4}-\d{2}-\d{2}/);
    const copiedIssues = await fs.readdir(path.join(dest, "issues"));
    expect(copiedIssues.length).toBeGreaterThan(0);
    // A second backup to the same folder is refused rather than mixed into the first.
    const again = await runCli(["backup", dest], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("not empty");
  }, 120_000);
});

import { type ChildProcess, spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.ts";
import { testIssue } from "../delivery/helpers/issue.ts";
import { exited } from "../support/child.ts";
import { CLI, cleanEnv, REPO_ROOT, runCli, tempDataDir } from "../support/run-cli.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";

const LIMITS = { globalPerSecond: 200, groupPerMinute: 600, chatPerSecond: 20 };
const GROUPS = [-7001, -7002, -7003, -7004];
/** The lead and five sections of the test issue. */
const PER_GROUP = 6;

// Each test starts a bot process and runs the CLI a few times: on a loaded 2-core machine, from
// sources (tsx) when dist/ is stale, that takes more than the default 30 s.
describe("`paperboy push` against a running `paperboy start`", () => {
  let api: TelegramApi;
  let dataDir: string;
  let bot: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    api = await startTelegramApi({ limits: LIMITS });
    dataDir = await tempDataDir();
    env = cleanEnv({
      PAPERBOY_DATA_DIR: dataDir,
      PAPERBOY_LOCALE: "en",
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_GLOBAL_PER_SECOND: String(LIMITS.globalPerSecond),
      TELEGRAM_GROUP_PER_MINUTE: String(LIMITS.groupPerMinute),
      TELEGRAM_CHAT_PER_SECOND: String(LIMITS.chatPerSecond),
      PAPERBOY_LOG_LEVEL: "info",
    });
    const store = await openStore(dataDir, { log: pino({ level: "silent" }) });
    for (const date of ["2026-01-08", "2026-01-09"]) await store.putIssue(testIssue(date));
    for (const g of GROUPS)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });
    await store.close();
  });
  afterEach(async () => {
    if (bot && bot.exitCode === null && bot.signalCode === null) {
      const gone = exited(bot);
      bot.kill("SIGTERM");
      await gone;
    }
    bot = undefined;
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Starts the bot and resolves once its log (stderr) says its control socket listens (what `paperboy push` talks to). */
  async function startBot(): Promise<void> {
    const child = spawn(process.execPath, [CLI, "start"], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    bot = child;
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child.stderr?.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        if (out.includes("control socket listening")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`the bot exited (${code}) before listening:\n${out}`)));
    });
    // Keep reading its log so a full pipe never blocks it.
    child.stderr?.resume();
  }

  it("--wait prints the answer first and the outcome last, and exits 0 only when nothing failed", async () => {
    await startBot();
    const ok = await runCli(["push", "2026-01-08", "--wait"], { env });
    const lines = ok.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^pushing 2026-01-08-evening: 24 messages to 4 chats/);
    expect(lines.at(-1)).toBe("24 sent, 0 failed, 0 skipped");
    expect(ok.code).toBe(0);
    for (const g of GROUPS) expect(api.sentTo(g)).toHaveLength(PER_GROUP);

    // The platform refuses one message for good: the script is told by the exit code.
    api.failNext(1, { code: 400, description: "Bad Request: not enough rights to send text messages" });
    const bad = await runCli(["push", "2026-01-09", "--wait"], { env });
    const badLines = bad.stdout.trim().split("\n");
    expect(badLines[0]).toMatch(/^pushing 2026-01-09-evening/);
    expect(badLines.at(-1)).toMatch(/^\d+ sent, 1 failed/);
    expect(bad.code).toBe(1);
  }, 120_000);

  it("status counts a push from its ledger while it runs, not from the report saved at plan time", async () => {
    // One message a minute per group: the push takes minutes, long enough to look at it midway
    // even when a loaded machine runs the CLI from sources (the bot is stopped when the test ends).
    env.TELEGRAM_GROUP_PER_MINUTE = "1";
    env.TELEGRAM_CHAT_PER_SECOND = "1";
    await startBot();
    const started = await runCli(["push", "2026-01-08"], { env });
    expect(started.stdout).toMatch(/^pushing 2026-01-08-evening/);
    await api.waitFor(() => api.sent.length >= GROUPS.length, 20_000);
    const mid = await runCli(["status", "2026-01-08"], { env });
    const m = /Messages: (\d+) sent, 0 failed, 0 skipped, (\d+) pending/.exec(mid.stdout);
    expect(m, mid.stdout).not.toBeNull();
    const [sent, pending] = [Number(m?.[1]), Number(m?.[2])];
    expect(sent).toBeGreaterThanOrEqual(GROUPS.length);
    expect(sent + pending).toBe(GROUPS.length * PER_GROUP);
    expect(pending).toBeGreaterThan(0);
    expect(mid.stdout).toMatch(/in progress/);
  }, 120_000);
});

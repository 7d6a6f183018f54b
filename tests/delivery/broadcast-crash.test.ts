import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.ts";
import { exited } from "../support/child.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";

const LIMITS = { globalPerSecond: 60, groupPerMinute: 200, chatPerSecond: 10 };
const GROUPS = Array.from({ length: 60 }, (_, i) => -(6000 + i));
const SRC = path.resolve(import.meta.dirname, "../../src");

/**
 * The bot process for this test (written next to its data, so the test needs no helper file): the
 * file store, the Telegram adapter and delivery. `broadcast` confirms an announcement and is killed
 * half way; `resume` starts as the bot does after a crash.
 */
const BOT = `
import { loadConfig, platformConfig } from "${SRC}/config.ts";
import { telegram } from "${SRC}/platforms/telegram/descriptor.ts";
import { createDelivery } from "${SRC}/delivery/index.ts";
import { createTelegramAdapter } from "${SRC}/platforms/telegram/index.ts";
import { openStore } from "${SRC}/store/open.ts";
import { createLogger } from "${SRC}/log.ts";
const log = createLogger({ level: "silent", pretty: false });
const config = loadConfig(process.env);
const store = await openStore(config.dataDir, { log });
const tg = platformConfig(config, telegram);
const adapter = createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, limits: tg, log });
const delivery = createDelivery({ store, adapters: [adapter], config, log, control: false, schedule: false });
if (process.env.MODE === "broadcast") {
  const r = await delivery.broadcast({ draftId: "d1", text: process.env.TEXT, requestedBy: "telegram:7", replyTo: "telegram:7" });
  process.stdout.write(JSON.stringify(r) + "\\n");
} else {
  await delivery.start();
  await delivery.resumed();
}
await delivery.broadcastsIdle();
await delivery.stop();
await store.close();
process.stdout.write("done\\n");
`;

describe("a bot killed mid-broadcast", () => {
  let api: TelegramApi;
  let dataDir: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    api = await startTelegramApi({ limits: LIMITS });
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-broadcast-crash-"));
    await writeFile(path.join(dataDir, "bot.mts"), BOT);
  });
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function bot(mode: "broadcast" | "resume"): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(dataDir, "bot.mts")], {
      cwd: path.resolve(SRC, ".."),
      env: {
        ...process.env,
        MODE: mode,
        TEXT: "停更通知：春节期间快报暂停一周。",
        PAPERBOY_DATA_DIR: dataDir,
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_GLOBAL_PER_SECOND: String(LIMITS.globalPerSecond),
        TELEGRAM_GROUP_PER_MINUTE: String(LIMITS.groupPerMinute),
        TELEGRAM_CHAT_PER_SECOND: String(LIMITS.chatPerSecond),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    return child;
  }

  it("resumes after kill -9: every chat gets the announcement, at most the one in flight twice, and one report", async () => {
    const store = await openStore(dataDir, { log: pino({ level: "silent" }) });
    for (const g of GROUPS)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });
    await store.close();

    const first = bot("broadcast");
    const firstExit = exited(first);
    await api.waitFor((e) => e.kind === "sent" && api.sent.length >= GROUPS.length / 3, 20_000);
    first.kill("SIGKILL");
    expect((await firstExit).signal).toBe("SIGKILL");
    const beforeCrash = api.sent.length;
    expect(beforeCrash).toBeLessThan(GROUPS.length);

    const second = bot("resume");
    expect((await exited(second)).code).toBe(0);

    let duplicates = 0;
    for (const g of GROUPS) {
      const got = api.sentTo(g).map((m) => m.parsedText);
      expect(got.length, String(g)).toBeGreaterThanOrEqual(1);
      expect(new Set(got).size).toBe(1);
      // Only a message the server accepted in the instant before the kill (not yet marked) can go
      // twice: the one in flight for that chat, never more.
      expect(got.length, String(g)).toBeLessThanOrEqual(2);
      duplicates += got.length - 1;
    }
    // How many chats had one in flight depends on how far the marks' group commit lagged behind the
    // sends when the kill landed (on a loaded machine, a dozen or more): only chats the first
    // process had reached can repeat, and the resumed process sends nothing twice.
    const reachedBeforeCrash = new Set(api.sent.slice(0, beforeCrash).map((m) => m.chatId));
    for (const g of GROUPS)
      if (api.sentTo(g).length > 1) expect(reachedBeforeCrash.has(g), String(g)).toBe(true);
    expect(duplicates).toBeLessThanOrEqual(beforeCrash);
    const reports = api.sentTo(7).filter((m) => m.parsedText.includes("广播报告 broadcast-1"));
    expect(reports).toHaveLength(1);
    expect(api.stats().tooManyRequests).toBe(0);
  });
});

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dateIn } from "../../src/delivery/push.ts";
import { openStore } from "../../src/store/open.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";
import { testIssue } from "./helpers/issue.ts";

const LIMITS = { globalPerSecond: 150, groupPerMinute: 200, chatPerSecond: 10 };
const SCRIPT = path.join(import.meta.dirname, "helpers", "crash-bot.ts");
const GROUPS = Array.from({ length: 40 }, (_, i) => -(5000 + i));
const ORDER = ["老高电商快报", "电商快报", "互联网快报", "跨境快报", "品牌快报", "今日老高观点"];

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

describe("a bot killed mid-push", () => {
  let api: TelegramApi;
  let dataDir: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    api = await startTelegramApi({ limits: LIMITS });
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-crash-"));
  });
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function bot(mode: "push" | "resume", date: string): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
      env: {
        ...process.env,
        CRASH_MODE: mode,
        PUSH_DATE: date,
        PAPERBOY_DATA_DIR: dataDir,
        PAPERBOY_TZ: "Asia/Shanghai",
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

  it("resumes after kill -9: nothing lost, at most one message duplicated per chat", async () => {
    const today = dateIn("Asia/Shanghai", new Date());
    const store = await openStore(dataDir, { log: pino({ level: "silent" }) });
    await store.putIssue(testIssue(today));
    for (const g of GROUPS)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });
    await store.close();

    const first = bot("push", today);
    const firstExit = exited(first);
    const total = GROUPS.length * ORDER.length;
    await api.waitFor((e) => e.kind === "sent" && api.sent.length >= total / 3, 20_000);
    first.kill("SIGKILL");
    expect((await firstExit).signal).toBe("SIGKILL");
    const sentBeforeCrash = api.sent.length;
    expect(sentBeforeCrash).toBeLessThan(total);

    const second = bot("resume", today);
    expect((await exited(second)).code).toBe(0);

    let duplicates = 0;
    for (const g of GROUPS) {
      const texts = api.sentTo(g).map((m) => m.text ?? "");
      const distinct = texts.filter((t, i) => i === 0 || t !== texts[i - 1]);
      expect(distinct).toHaveLength(ORDER.length);
      ORDER.forEach((title, i) => {
        expect(distinct[i]).toContain(title);
      });
      expect(texts.length - distinct.length).toBeLessThanOrEqual(1);
      duplicates += texts.length - distinct.length;
    }
    expect(api.sent.length).toBe(total + duplicates);
    expect(api.stats().tooManyRequests).toBe(0);
  });
});

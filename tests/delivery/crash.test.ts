import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { loadPushReport, type PushReport } from "../../src/delivery/report.ts";
import { todayIn } from "../../src/domain/today.ts";
import { openStore } from "../../src/store/open.ts";
import { exited } from "../support/child.ts";
import { expectEveryPartOnce } from "../support/delivered.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";
import { testIssue } from "./helpers/issue.ts";

const LIMITS = { globalPerSecond: 150, groupPerMinute: 200, chatPerSecond: 10 };
const SCRIPT = path.join(import.meta.dirname, "helpers", "crash-bot.ts");
const GROUPS = Array.from({ length: 40 }, (_, i) => -(5000 + i));
const ORDER = ["老高电商快报", "电商快报", "互联网快报", "跨境快报", "品牌快报", "今日老高观点"];

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

  function bot(mode: "push" | "resume", date: string, limits = LIMITS): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
      env: {
        ...process.env,
        CRASH_MODE: mode,
        PUSH_DATE: date,
        PAPERBOY_DATA_DIR: dataDir,
        PAPERBOY_TZ: "Asia/Shanghai",
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_GLOBAL_PER_SECOND: String(limits.globalPerSecond),
        TELEGRAM_GROUP_PER_MINUTE: String(limits.groupPerMinute),
        TELEGRAM_CHAT_PER_SECOND: String(limits.chatPerSecond),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    return child;
  }

  /**
   * Pushes `date`'s issue to `groups` in a bot process, kills it with SIGKILL once `killAfter` of
   * its messages were accepted (default a third of them), restarts it.
   */
  async function crashAndResume(
    date: string,
    opts: { groups?: number[]; killAfter?: number; limits?: typeof LIMITS } = {},
  ): Promise<{ afterCrash: PushReport | undefined }> {
    const groups = opts.groups ?? GROUPS;
    const store = await openStore(dataDir, { log: pino({ level: "silent" }) });
    await store.putIssue(testIssue(date));
    await Promise.all(
      groups.map((g) => store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" })),
    );
    await store.close();

    const first = bot("push", date, opts.limits);
    const firstExit = exited(first);
    const total = groups.length * ORDER.length;
    const killAfter = opts.killAfter ?? total / 3;
    await api.waitFor((e) => e.kind === "sent" && api.sent.length >= killAfter, 20_000);
    first.kill("SIGKILL");
    expect((await firstExit).signal).toBe("SIGKILL");
    expect(api.sent.length).toBeLessThan(total);
    const afterCrash = await reportOf(date);

    const second = bot("resume", date, opts.limits);
    expect((await exited(second)).code).toBe(0);
    return { afterCrash };
  }

  async function reportOf(date: string): Promise<PushReport | undefined> {
    const store = await openStore(dataDir, { log: pino({ level: "silent" }) });
    try {
      return await loadPushReport(store, loadConfig({ PAPERBOY_DATA_DIR: dataDir }), date);
    } finally {
      await store.close();
    }
  }

  /** Every group has every section once and in order, with at most one message repeated. */
  function expectDeliveredOnce(): void {
    expectEveryPartOnce(api, GROUPS, ORDER);
    expect(api.stats().tooManyRequests).toBe(0);
  }

  it("resumes after kill -9: nothing lost, at most one message duplicated per chat", async () => {
    await crashAndResume(todayIn("Asia/Shanghai", new Date()));
    expectDeliveredOnce();
  });

  it("resumes after kill -9 in its first sends to 500 groups: nothing lost, at most one message duplicated per chat", async () => {
    // The first messages go while the plan is written (see Ledger.stagePlan). At this size the plan
    // was on disk by the kill in every run here; the ledger a kill before it leaves (its first line
    // only) is push-telegram.test.ts's.
    const limits = { globalPerSecond: 1000, groupPerMinute: 200, chatPerSecond: 10 };
    api.setLimits(limits);
    const groups = Array.from({ length: 500 }, (_, i) => -(7000 + i));
    await crashAndResume(todayIn("Asia/Shanghai", new Date()), { groups, killAfter: 1, limits });
    expectEveryPartOnce(api, groups, ORDER);
    expect(api.stats().tooManyRequests).toBe(0);
  });

  it("resumes an admin's push of an older issue after kill -9, and records its report under that date", async () => {
    const { afterCrash } = await crashAndResume("2025-03-17");
    expectDeliveredOnce();
    // While the bot was down, `paperboy status 2025-03-17` already knew of the push.
    expect(afterCrash).toMatchObject({ issueId: "2025-03-17-evening", status: "running" });
    const report = await reportOf("2025-03-17");
    expect(report).toMatchObject({ issueId: "2025-03-17-evening", status: "done", requestedBy: "resume" });
    expect(report?.messages).toMatchObject({ pending: 0, failed: 0 });
    expect(report?.chatsReached).toBe(GROUPS.length);
  });
});

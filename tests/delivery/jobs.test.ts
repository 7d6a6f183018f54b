import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Config, loadConfig, platformConfig } from "../../src/config.ts";
import { adminTargets } from "../../src/core/permissions.ts";
import type { PlatformAdapter } from "../../src/core/ports/index.ts";
import { broadcastReportKey } from "../../src/delivery/broadcast.ts";
import { systemClock } from "../../src/delivery/clock.ts";
import { createDispatcher, type Dispatcher } from "../../src/delivery/dispatcher.ts";
import { createDelivery, type Delivery } from "../../src/delivery/index.ts";
import type { Job, JobContext } from "../../src/delivery/jobs/job.ts";
import { JOB_KINDS } from "../../src/delivery/jobs/kinds.ts";
import { pushId, pushJob } from "../../src/delivery/jobs/push.ts";
import { Supervisor } from "../../src/delivery/jobs/supervisor.ts";
import {
  emptyReport,
  type JobReport,
  reportBlocks,
  reportKey,
  reportReply,
} from "../../src/delivery/report.ts";
import { telegram } from "../../src/platforms/telegram/descriptor.ts";
import { createTelegramAdapter } from "../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../src/store/memory.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";
import { testIssue } from "./helpers/issue.ts";

const log = pino({ level: "silent" });
const GROUPS = [-8201, -8202, -8203];
const ADMIN = 8200;
const DATE = "2026-01-08";

describe("the delivery job engine", () => {
  let api: TelegramApi;
  let dataDir: string;
  let store: MemoryStore;
  let config: Config;
  let adapter: PlatformAdapter;
  let delivery: Delivery | undefined;
  let dispatcher: Dispatcher | undefined;

  beforeEach(async () => {
    api = await startTelegramApi({ limits: false });
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-jobs-"));
    config = loadConfig({
      PAPERBOY_DATA_DIR: dataDir,
      PAPERBOY_ADMINS: `telegram:${ADMIN}`,
      PAPERBOY_SECTION_GAP_SECONDS: "0",
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_GLOBAL_PER_SECOND: "300",
      TELEGRAM_GROUP_PER_MINUTE: "300",
      TELEGRAM_CHAT_PER_SECOND: "50",
    });
    store = new MemoryStore();
    adapter = createTelegramAdapter({
      token: api.token,
      apiRoot: api.url,
      log,
      dataDir,
      limits: platformConfig(config, telegram),
    });
    await store.putIssue(testIssue(DATE));
    for (const g of GROUPS)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });
  });
  afterEach(async () => {
    await delivery?.stop();
    await dispatcher?.stop();
    delivery = undefined;
    dispatcher = undefined;
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("a push's report and a broadcast's each name their kind; a broadcast has no edition", async () => {
    delivery = createDelivery({ store, adapters: [adapter], config, log, control: false, schedule: false });
    const push = await delivery.runPush({ date: DATE });
    expect(push).toMatchObject({
      kind: "push",
      edition: "evening",
      status: "done",
      issueId: `${DATE}-evening`,
    });
    expect(await store.getSetting(reportKey(`${DATE}-evening`))).toMatchObject({ kind: "push" });

    const started = await delivery.broadcast({
      draftId: "d1",
      text: "周五停更一天",
      requestedBy: `telegram:${ADMIN}`,
    });
    expect(started).toMatchObject({ started: true, id: "broadcast-1", chats: GROUPS.length });
    await delivery.broadcastsIdle();
    const stored = await store.getSetting<JobReport>(broadcastReportKey("broadcast-1"));
    expect(stored).toMatchObject({ kind: "broadcast", status: "done", chatsReached: GROUPS.length });
    expect(stored?.edition).toBeUndefined();
    // The last push's report stays the push's: a broadcast never overwrites it.
    expect(await store.getSetting<JobReport>("lastPushReport")).toMatchObject({ kind: "push" });
    const toAdmin = api.sentTo(ADMIN).map((m) => m.parsedText);
    expect(toAdmin.filter((t) => t.includes("推送报告"))).toHaveLength(1);
    expect(toAdmin.filter((t) => t.includes("广播报告 broadcast-1"))).toHaveLength(1);
  });

  it("a report stored before jobs named their kind (a broadcast's edition said so) still reads as a broadcast's", () => {
    const old = { ...emptyReport({ date: DATE, status: "done", at: new Date() }), issueId: "broadcast-4" };
    delete (old as { kind?: string }).kind;
    const heading = reportBlocks({ ...old, edition: "broadcast" }, "en")[0];
    expect(heading).toEqual({ kind: "heading", text: "Broadcast report broadcast-4" });
    expect(reportBlocks(old, "en")[0]).toEqual({ kind: "heading", text: `Push report ${DATE} (evening)` });
  });

  it("jobs sharing a ledger run one after the other: a push waits for the job holding its issue's ledger", async () => {
    dispatcher = createDispatcher({ adapters: [adapter], config, log });
    const ctx: JobContext = { store, dispatcher, adapters: [adapter], config, log, clock: systemClock };
    const jobs = new Supervisor(ctx, JOB_KINDS);
    const order: string[] = [];
    let holding = () => {};
    const held = new Promise<void>((r) => {
      holding = r;
    });
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    // A kind of job written for this test, in a few lines: it holds the push's ledger until told.
    const holder: Job = {
      kind: "correction",
      id: "holder",
      locks: [pushId(DATE, "evening")],
      label: () => ({ date: DATE }),
      async plan() {
        order.push("holder planning");
        holding();
        await released;
        order.push("holder released");
        return [];
      },
      save: async () => {},
      reply: (r, locale) => reportReply(r, locale),
    };
    const first = jobs.launch(holder);
    const push = jobs.launch(pushJob(ctx, { date: DATE }), { onPlanned: () => order.push("push planned") });
    await held;
    // Waiting for its turn counts as running: `/push` answers "busy", not a second push.
    expect(jobs.running("push")).toHaveLength(1);
    // A real round trip through the stand-in: time enough for a push that did not wait to plan.
    await dispatcher.send(
      `telegram:${ADMIN}`,
      { type: "text", text: "ping", format: "plain" },
      { priority: "reply" },
    );
    expect(order).toEqual(["holder planning"]);
    release();
    expect((await first.done).status).toBe("nothing-to-send");
    const report = await push.done;
    expect(order).toEqual(["holder planning", "holder released", "push planned"]);
    expect(report.messages).toMatchObject({ sent: GROUPS.length * 6, pending: 0 });
    expect(jobs.running()).toHaveLength(0);
  });
});

describe("the one rule for who is told as admin", () => {
  const base = loadConfig({ PAPERBOY_ADMINS: "telegram:1,wechat:wxid_a" });
  it("the admin chat when there is one, else the admin who asked, else every admin; never a chat already answered", () => {
    const withChat = { ...base, adminChat: "telegram:-100900" };
    expect(adminTargets(withChat, { replyTo: "telegram:1" })).toEqual(["telegram:-100900"]);
    expect(adminTargets(base, { replyTo: "telegram:1" })).toEqual(["telegram:1"]);
    expect(adminTargets(base)).toEqual(["telegram:1", "wechat:wxid_a"]);
    expect(adminTargets(base, { replyTo: "telegram:1", except: "telegram:1" })).toEqual([]);
    expect(adminTargets(base, { except: "wechat:wxid_a" })).toEqual(["telegram:1"]);
  });
});

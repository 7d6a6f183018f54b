import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, platformConfig } from "../../src/config.ts";
import { createDelivery, type Delivery, Ledger, requestPush } from "../../src/delivery/index.ts";
import { loadPushReport } from "../../src/delivery/report.ts";
import { telegram } from "../../src/platforms/telegram/descriptor.ts";
import { createTelegramAdapter } from "../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../src/store/memory.ts";
import { TINY_PNG } from "../support/images.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";
import { testIssue } from "./helpers/issue.ts";

const log = pino({ level: "silent" });
/** Telegram's limits ×10, on both sides, so the test takes about a second. */
const LIMITS = { globalPerSecond: 300, groupPerMinute: 200, chatPerSecond: 10 };

describe("push through the Telegram stand-in", () => {
  let api: TelegramApi;
  let dataDir: string;
  let delivery: Delivery | undefined;

  beforeEach(async () => {
    api = await startTelegramApi({ limits: LIMITS });
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-push-"));
  });
  afterEach(async () => {
    await delivery?.stop();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function setup(env: Record<string, string> = {}, control = false) {
    const config = loadConfig({
      PAPERBOY_DATA_DIR: dataDir,
      PAPERBOY_ADMIN_CHAT: "telegram:-999",
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_GLOBAL_PER_SECOND: String(LIMITS.globalPerSecond),
      TELEGRAM_GROUP_PER_MINUTE: String(LIMITS.groupPerMinute),
      TELEGRAM_CHAT_PER_SECOND: String(LIMITS.chatPerSecond),
      ...env,
    });
    const store = new MemoryStore();
    const limits = platformConfig(config, telegram);
    const adapter = createTelegramAdapter({ token: api.token, apiRoot: api.url, log, dataDir, limits });
    delivery = createDelivery({
      store,
      adapters: [adapter],
      config,
      log,
      control,
      schedule: false,
      retry: { minTimeoutMs: 20, maxTimeoutMs: 200 },
    });
    return { config, store, adapter, delivery };
  }

  it("every active group gets every section exactly once and in order; kicked groups go inactive; a migrated group is followed", async () => {
    const { store, delivery } = setup();
    await store.putIssue(testIssue());
    const groups = Array.from({ length: 40 }, (_, i) => -(1000 + i));
    for (const g of groups)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });
    await store.upsertChat({
      id: "telegram:-2000",
      platform: "telegram",
      kind: "group",
      sections: ["headlines", "crossborder"],
    });
    await store.upsertChat({ id: "telegram:-2001", platform: "telegram", kind: "group", state: "paused" });
    await store.upsertChat({ id: "telegram:-2002", platform: "telegram", kind: "group", subscribed: false });
    const kicked = [-1003, -1017, -1031];
    for (const k of kicked) api.kick(k, { notify: false });
    api.migrate(-1020, -1001020, { notify: false });
    api.failNext(3, { code: 429, retryAfter: 1 });
    api.failNext(4, { code: 502 });

    const report = await delivery.runPush({ date: "2026-01-08", requestedBy: "test" });

    // The headlines, then each section in the issue's order; the footer closes the last one.
    const full = api.sentTo(-1001).map((m) => m.text ?? "");
    const order = ["老高电商快报", "电商快报", "互联网快报", "跨境快报", "品牌快报", "今日老高观点"];
    expect(full).toHaveLength(order.length);
    order.forEach((title, i) => {
      expect(full[i]).toContain(title);
    });
    expect(full[5]).toContain("注明出处");
    for (const g of groups) {
      const texts = api.sentTo(g).map((m) => m.text);
      if (kicked.includes(g) || g === -1020) expect(texts).toEqual([]);
      else expect(texts).toEqual(full);
    }
    expect(api.sentTo(-1001020).map((m) => m.text)).toEqual(full);
    // A chat that chose sections gets only those, still in the issue's order.
    const picked = api.sentTo(-2000).map((m) => m.text ?? "");
    expect(picked).toHaveLength(2);
    expect(picked[0]).toBe(full[0]);
    expect(picked[1]).toContain("跨境快报");
    expect(api.sentTo(-2001)).toHaveLength(0);
    expect(api.sentTo(-2002)).toHaveLength(0);

    for (const k of kicked) {
      expect(await store.getChat(`telegram:${k}`)).toMatchObject({
        state: "inactive",
        inactiveReason: expect.stringMatching(/kicked/),
      });
    }
    expect(await store.getChat("telegram:-1020")).toMatchObject({
      state: "inactive",
      migratedTo: "telegram:-1001020",
    });
    expect(await store.getChat("telegram:-1001020")).toMatchObject({ state: "active", subscribed: true });

    // Only the injected 429s: the limiter itself never went over a limit.
    expect(api.stats().tooManyRequests).toBe(3);
    expect(report.status).toBe("done");
    expect(report.messages.failed).toBe(0);
    expect(report.messages.pending).toBe(0);
    expect(report.chatsReached).toBe(40 - kicked.length + 1);
    expect(report.gone.map((g) => g.chatId).sort()).toEqual(kicked.map((k) => `telegram:${k}`).sort());
    expect(report.migrated).toEqual([{ from: "telegram:-1020", to: "telegram:-1001020" }]);
    // The report reached the admin chat.
    const adminTexts = api.sentTo(-999).map((m) => m.text ?? "");
    expect(adminTexts.join("\n")).toContain("推送报告");
  });

  it("running the same push again sends nothing twice and reaches chats added since", async () => {
    const { store, delivery } = setup();
    await store.putIssue(testIssue());
    await store.upsertChat({ id: "telegram:-1", platform: "telegram", kind: "group" });
    await delivery.runPush({ date: "2026-01-08" });
    expect(api.sentTo(-1)).toHaveLength(6);
    await store.upsertChat({ id: "telegram:-2", platform: "telegram", kind: "group" });
    const again = await delivery.runPush({ date: "2026-01-08" });
    expect(api.sentTo(-1)).toHaveLength(6);
    expect(api.sentTo(-2)).toHaveLength(6);
    expect(again.messages.sent).toBe(12);
  });

  it("with no issue for the day sends nothing to groups and tells the admin chat", async () => {
    const { store, delivery } = setup();
    await store.upsertChat({ id: "telegram:-1", platform: "telegram", kind: "group" });
    const answer = await delivery.pushNow({ date: "2026-01-09", requestedBy: "telegram:42" });
    expect(answer.started).toBe(false);
    expect(answer.message).toContain("2026-01-09");
    const told = await api.waitForSent((m) => m.chatId === -999);
    expect(told.text).toContain("没有快报");
    expect(api.sentTo(-1)).toHaveLength(0);
  });

  it("/push for a date with no issue answers the admin once, in the chat that asked", async () => {
    const { store, delivery } = setup({ PAPERBOY_ADMIN_CHAT: "", PAPERBOY_ADMINS: "telegram:42" });
    await store.upsertChat({ id: "telegram:-1", platform: "telegram", kind: "group" });
    const answer = await delivery.pushNow({
      date: "2025-03-17",
      requestedBy: "telegram:42",
      replyTo: "telegram:42",
    });
    expect(answer).toEqual({ started: false, message: "2025-03-17 没有快报，未推送" });
    // pushNow settles after the run's report step: anything it sent is already at the stand-in.
    expect(api.sentTo(42)).toHaveLength(0);
    expect(api.sent).toHaveLength(0);
  });

  it("/push in the admin chat of an issue already pushed answers once there, without a second report", async () => {
    const { store, delivery } = setup();
    await store.putIssue(testIssue());
    await store.upsertChat({ id: "telegram:-1", platform: "telegram", kind: "group" });
    await delivery.runPush({ date: "2026-01-08" });
    const reports = api.sentTo(-999).length;
    expect(reports).toBeGreaterThan(0);
    const answer = await delivery.pushNow({
      date: "2026-01-08",
      requestedBy: "telegram:42",
      replyTo: "telegram:-999",
    });
    expect(answer.started).toBe(false);
    expect(answer.message).toContain("已推送过");
    expect(api.sentTo(-999)).toHaveLength(reports);
    expect(api.sentTo(-1)).toHaveLength(6);
  });

  it("images that cannot be found without PAPERBOY_IMAGE_BASE_URL are skipped with the reason, reported on one line; text is untouched", async () => {
    const { store, delivery } = setup();
    const issue = testIssue();
    issue.images = [{ src: "/upload/img/20260108/lead.jpg", alt: "" }];
    const [ecommerce, internet] = issue.sections;
    if (!ecommerce?.items[0] || !internet?.items[0]) throw new Error("the test issue changed");
    ecommerce.items[0].images = [{ src: "/upload/img/20260108/a.jpg", alt: "" }];
    // One image is in the image folder: that one is sent.
    internet.items[0].images = [{ src: "/upload/img/20260108/ok.png", alt: "" }];
    await mkdir(path.join(dataDir, "images", "upload", "img", "20260108"), { recursive: true });
    await writeFile(path.join(dataDir, "images", "upload", "img", "20260108", "ok.png"), TINY_PNG);
    await store.putIssue(issue);
    const groups = Array.from({ length: 10 }, (_, i) => -(3000 + i));
    for (const g of groups)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });

    let pendingWhenPlanned = -1;
    const report = await delivery.runPush({
      date: "2026-01-08",
      onPlanned: (info) => {
        pendingWhenPlanned = info.pending;
      },
    });
    // The missing images were settled when the plan was made: they never asked the limiter for a turn.
    expect(pendingWhenPlanned).toBe(70);

    for (const g of groups) {
      const got = api.sentTo(g);
      expect(got.filter((m) => m.method === "sendMessage")).toHaveLength(6);
      expect(got.filter((m) => m.method === "sendPhoto")).toHaveLength(1);
    }
    expect(report.messages).toMatchObject({ sent: 70, failed: 0, skipped: 20, pending: 0 });
    expect(report.chatsReached).toBe(10);
    expect(report.problems).toEqual([]);
    expect(report.imagesSkipped).toMatchObject({ count: 20, images: 2, chats: 10 });
    expect(report.imagesSkipped?.example).toMatch(
      /^image unavailable: \/upload\/img\/20260108\/(lead|a)\.jpg: file not found in the image folder .*set PAPERBOY_IMAGE_BASE_URL/,
    );
    // The admin reads it as one line, and no failures.
    const admin = api
      .sentTo(-999)
      .map((m) => m.text ?? "")
      .join("\n");
    expect(admin).toContain("失败 0，跳过 20");
    expect(admin.split("\n").filter((l) => l.includes("PAPERBOY_IMAGE_BASE_URL"))).toHaveLength(1);
    expect(admin).toContain("图片无法获取，已跳过 20 条（2 张图，10 个群；文字照常发送）");
  });

  it("a paused bot pushes nothing", async () => {
    const { store, delivery } = setup();
    await store.putIssue(testIssue());
    await store.upsertChat({ id: "telegram:-1", platform: "telegram", kind: "group" });
    await store.setSetting("paused", true);
    const report = await delivery.runPush({ date: "2026-01-08" });
    expect(report.status).toBe("paused");
    expect(api.sentTo(-1)).toHaveLength(0);
  });

  it("a graceful stop finishes the message in flight and keeps the rest for the next start", async () => {
    api.setLimits({ globalPerSecond: 20, groupPerMinute: 200, chatPerSecond: 10 });
    const { store, delivery } = setup({ TELEGRAM_GLOBAL_PER_SECOND: "20" });
    await store.putIssue(testIssue());
    for (let i = 1; i <= 20; i++)
      await store.upsertChat({ id: `telegram:-${i}`, platform: "telegram", kind: "group" });
    const run = delivery.runPush({ date: "2026-01-08" });
    await api.waitFor((e) => e.kind === "sent" && api.sent.length >= 15, 10_000);
    await delivery.stop();
    const report = await run;
    expect(report.status).toBe("stopped");
    const ledger = await Ledger.open(dataDir, "2026-01-08-evening");
    const counts = ledger.counts();
    await ledger.close();
    // Every message the server accepted is marked sent: nothing would be sent twice on resume.
    expect(counts.sent).toBe(api.sent.length);
    expect(counts.pending).toBe(120 - api.sent.length);
    expect(counts.pending).toBeGreaterThan(0);
  });

  it("on start, an unfinished push of an older issue is resumed if its ledger was written lately, not if it is stale", async () => {
    api.setLimits({ globalPerSecond: 20, groupPerMinute: 200, chatPerSecond: 10 });
    const first = setup({ TELEGRAM_GLOBAL_PER_SECOND: "20" });
    await first.store.putIssue(testIssue("2025-03-17"));
    for (let i = 1; i <= 10; i++)
      await first.store.upsertChat({ id: `telegram:-${i}`, platform: "telegram", kind: "group" });
    const run = first.delivery.runPush({ date: "2025-03-17" });
    await api.waitFor((e) => e.kind === "sent" && api.sent.length >= 10, 10_000);
    await first.delivery.stop();
    expect((await run).status).toBe("stopped");
    const sentBefore = api.sent.length;
    const file = path.join(dataDir, "ledger", "2025-03-17-evening.jsonl");
    // The bot restarted: the same store and account, a new delivery.
    const again = {
      store: first.store,
      adapters: [first.adapter],
      config: first.config,
      log,
      control: false,
      schedule: false,
    };

    // Last written two days ago: old news, left alone.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(file, twoDaysAgo, twoDaysAgo);
    const stale = createDelivery(again);
    await stale.start();
    await stale.resumed();
    await stale.stop();
    expect(api.sent.length).toBe(sentBefore);

    // Written an hour ago: resumed to the end, whatever the issue's date.
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(file, hourAgo, hourAgo);
    delivery = createDelivery(again);
    await delivery.start();
    await delivery.resumed();
    for (let i = 1; i <= 10; i++) expect(api.sentTo(-i)).toHaveLength(6);
    expect(await loadPushReport(first.store, first.config, "2025-03-17")).toMatchObject({
      status: "done",
      requestedBy: "resume",
    });
  });

  it("a push that died before its plan was on disk (the ledger's first line only) is planned again at the next start", async () => {
    const { store, adapter, config } = setup();
    await store.putIssue(testIssue("2025-03-18"));
    await store.putIssue(testIssue("2025-03-19"));
    for (let i = 1; i <= 4; i++)
      await store.upsertChat({ id: `telegram:-${i}`, platform: "telegram", kind: "group" });
    // What a kill -9 leaves while the first sends go and the plan is still being written: the
    // ledger's header line, no record, the issue not marked pushed.
    await (await Ledger.open(dataDir, "2025-03-18-evening")).close();
    // The same, but for an issue that was pushed (to no chat then): nothing to resume.
    await (await Ledger.open(dataDir, "2025-03-19-evening")).close();
    await store.markIssuePushed("2025-03-19", "evening", new Date().toISOString());
    await delivery?.stop();
    delivery = createDelivery({ store, adapters: [adapter], config, log, control: false, schedule: false });
    await delivery.start();
    await delivery.resumed();
    for (let i = 1; i <= 4; i++) expect(api.sentTo(-i)).toHaveLength(6);
    expect(await loadPushReport(store, config, "2025-03-18")).toMatchObject({
      status: "done",
      requestedBy: "resume",
    });
    expect(await loadPushReport(store, config, "2025-03-19")).toBeUndefined();
  });

  it("`paperboy push` reaches the running bot through its control socket", async () => {
    const { store, delivery } = setup({}, true);
    await store.putIssue(testIssue());
    await store.upsertChat({ id: "telegram:-1", platform: "telegram", kind: "group" });
    await delivery.start();
    const answer = await requestPush(dataDir, { date: "2026-01-08", requestedBy: "cli" });
    expect(answer.started).toBe(true);
    expect(answer.message).toContain("2026-01-08-evening");
    await delivery.idle();
    expect(api.sentTo(-1)).toHaveLength(6);
    const busy = await requestPush(dataDir, { date: "2026-01-08" });
    expect(busy.started).toBe(false);
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, platformConfig } from "../../src/config.ts";
import { listAudit } from "../../src/core/audit.ts";
import type { BroadcastRecord } from "../../src/delivery/broadcast.ts";
import { createDelivery, type Delivery, Ledger } from "../../src/delivery/index.ts";
import { telegram } from "../../src/platforms/telegram/descriptor.ts";
import { createTelegramAdapter } from "../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../src/store/memory.ts";
import { type AppHarness, startApp } from "../platforms/telegram/app-harness.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";

const log = pino({ level: "silent" });
const ADMIN = 7;
const NOTICE = "俱乐部通知：本周五 <线下交流> & 晚餐，名额 30 位。";

let h: AppHarness | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const c of cleanups.splice(0)) await c();
});

describe("/broadcast through the whole bot on the Telegram stand-in", () => {
  it("reaches every active subscribed chat exactly once; a kicked chat goes inactive, a migrated one is followed, the rest get nothing", async () => {
    const env = {
      PAPERBOY_ADMINS: `telegram:${ADMIN}`,
      TELEGRAM_GLOBAL_PER_SECOND: "300",
      TELEGRAM_GROUP_PER_MINUTE: "2000",
      TELEGRAM_CHAT_PER_SECOND: "50",
    };
    h = await startApp({
      env,
      api: { limits: { globalPerSecond: 300, groupPerMinute: 2000, chatPerSecond: 50 } },
    });
    const { api, store } = h;
    const groups = Array.from({ length: 12 }, (_, i) => -1003000000001 - i);
    for (const g of groups)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });
    await store.upsertChat({ id: "telegram:5151", platform: "telegram", kind: "private" });
    const [kicked, migrates] = [groups[3] as number, -3000000099];
    await store.upsertChat({ id: `telegram:${migrates}`, platform: "telegram", kind: "group" });
    const [unsubscribed, paused, gone] = [-1003000000100, -1003000000101, -1003000000102];
    await store.upsertChat({
      id: `telegram:${unsubscribed}`,
      platform: "telegram",
      kind: "group",
      subscribed: false,
    });
    await store.upsertChat({
      id: `telegram:${paused}`,
      platform: "telegram",
      kind: "group",
      state: "paused",
    });
    await store.upsertChat({
      id: `telegram:${gone}`,
      platform: "telegram",
      kind: "group",
      state: "inactive",
    });
    // Telegram's notices never reached the bot: it learns of the kick and the upgrade from the sends.
    api.kick(kicked, { notify: false });
    api.migrate(migrates, -1003000000099, { notify: false });

    api.pushUpdate(api.textMessage({ chat: ADMIN, from: ADMIN, text: `/broadcast ${NOTICE}` }));
    const summary = await api.waitForSent((m) => m.chatId === ADMIN && m.replyMarkup !== undefined, 10_000);
    expect(summary.parsedText).toContain("将发送给 14 个会话（telegram 14）");
    const preview = api.sentTo(ADMIN).map((m) => m.parsedText);
    expect(preview.join("\n")).toContain(NOTICE);
    const buttons = (
      summary.replyMarkup as { inline_keyboard: Array<Array<{ callback_data?: string }>> }
    ).inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual(["/broadcast confirm", "/broadcast cancel"]);
    // Nothing goes out before the confirmation.
    expect(api.sent.filter((m) => m.chatId !== ADMIN)).toHaveLength(0);

    api.pushUpdate(api.callbackQuery({ message: summary.message, from: ADMIN, data: "/broadcast confirm" }));
    const report = await api.waitForSent(
      (m) => m.chatId === ADMIN && m.parsedText.includes("广播报告"),
      20_000,
    );
    expect(report.parsedText).toContain("broadcast-1");
    expect(
      api
        .sentTo(ADMIN)
        .map((m) => m.parsedText)
        .join("\n"),
    ).toContain("公告 broadcast-1 开始发送：14 个会话");

    const received = (id: number) => api.sentTo(id).map((m) => m.parsedText);
    for (const id of [...groups.filter((g) => g !== kicked), 5151, -1003000000099]) {
      const got = received(id);
      expect(got, String(id)).toHaveLength(1);
      expect(got[0]).toBe(`公告\n\n${NOTICE}`);
    }
    // The text went out escaped: markup characters arrive as text, not as tags.
    expect(api.stats().badRequest).toBe(1); // the one migration answer
    for (const id of [kicked, migrates, unsubscribed, paused, gone])
      expect(received(id), String(id)).toEqual([]);
    expect(await store.getChat(`telegram:${kicked}`)).toMatchObject({
      state: "inactive",
      inactiveReason: expect.stringMatching(/kicked/),
    });
    expect(await store.getChat(`telegram:${migrates}`)).toMatchObject({
      state: "inactive",
      migratedTo: "telegram:-1003000000099",
    });
    // Reached 13 of the 15 chat ids planned (the migrated group counts under its old and its new id).
    expect(report.parsedText).toContain("13/15");
    expect(api.stats().tooManyRequests).toBe(0);

    // Every step is in the audit log: who, what, when.
    const audit = await listAudit(store);
    expect(audit.map((a) => [a.who, a.outcome?.split(" ")[0]])).toEqual([
      [`telegram:${ADMIN}`, "previewed"],
      [`telegram:${ADMIN}`, "confirmed:"],
    ]);
    const records = await store.collection<BroadcastRecord>("broadcasts").list();
    expect(records).toEqual([
      expect.objectContaining({
        id: "broadcast-1",
        status: "done",
        chatsReached: 13,
        requestedBy: `telegram:${ADMIN}`,
      }),
    ]);
  });
});

describe("a broadcast cut short", () => {
  let api: TelegramApi;

  function delivery(store: MemoryStore, dataDir: string): Delivery {
    const config = loadConfig({
      PAPERBOY_DATA_DIR: dataDir,
      PAPERBOY_ADMINS: "telegram:7",
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_GLOBAL_PER_SECOND: "20",
      TELEGRAM_GROUP_PER_MINUTE: "200",
      TELEGRAM_CHAT_PER_SECOND: "10",
    });
    const limits = platformConfig(config, telegram);
    const adapter = createTelegramAdapter({ token: api.token, apiRoot: api.url, log, limits });
    const d = createDelivery({ store, adapters: [adapter], config, log, control: false, schedule: false });
    cleanups.push(() => d.stop());
    return d;
  }

  it("resumes on the next start and no chat gets it twice", async () => {
    api = await startTelegramApi({ limits: { globalPerSecond: 20, groupPerMinute: 200, chatPerSecond: 10 } });
    const dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-broadcast-"));
    cleanups.push(async () => {
      await api.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    const store = new MemoryStore();
    const groups = Array.from({ length: 30 }, (_, i) => -(7000 + i));
    for (const g of groups)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });

    const first = delivery(store, dataDir);
    const started = await first.broadcast({
      draftId: "d1",
      text: NOTICE,
      requestedBy: "telegram:7",
      replyTo: "telegram:7",
    });
    expect(started).toMatchObject({ started: true, id: "broadcast-1", chats: 30, messages: 30 });
    await api.waitFor((e) => e.kind === "sent" && api.sent.length >= 10, 10_000);
    await first.stop();
    const cut = api.sent.length;
    expect(cut).toBeLessThan(30);
    // Stopped, not finished: no report yet.
    expect(api.sentTo(7)).toHaveLength(0);

    const second = delivery(store, dataDir);
    await second.start();
    await second.resumed();
    await second.broadcastsIdle();
    for (const g of groups) expect(api.sentTo(g), String(g)).toHaveLength(1);
    const ledger = await Ledger.open(dataDir, "broadcast-1");
    expect(ledger.counts()).toEqual({ pending: 0, sent: 30, failed: 0, skipped: 0 });
    await ledger.close();
    expect(
      api
        .sentTo(7)
        .map((m) => m.parsedText)
        .join("\n"),
    ).toContain("广播报告 broadcast-1");
    // Confirming the same draft again starts nothing.
    expect(await second.broadcast({ draftId: "d1", text: NOTICE, requestedBy: "telegram:7" })).toMatchObject({
      started: false,
      reason: "duplicate",
    });
    // A new draft gets the next number.
    const next = await second.broadcast({ draftId: "d2", text: "第二条", requestedBy: "telegram:7" });
    expect(next).toMatchObject({ started: true, id: "broadcast-2" });
    await second.broadcastsIdle();
  });
});

import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { Issue } from "../../src/domain/issue.ts";
import type { ChatEvent, Incoming, PlatformAdapter } from "../../src/platforms/adapter.ts";
import { createTelegramAdapter } from "../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../src/store/memory.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";
import { LogTap } from "./harness.ts";
import { fixtureIssue, TRICKY_TITLE, todayIn } from "./issue-fixture.ts";

/**
 * The whole bot (createApp: core router, delivery limiter, store) on the real telegraf client,
 * against the Bot API stand-in with Telegram's own flood limits switched on.
 */

/** Passes the app's handlers through and says when each update has been fully handled (replies sent). */
function observed(adapter: PlatformAdapter): { adapter: PlatformAdapter; handled: EventEmitter } {
  const handled = new EventEmitter();
  const wrapped: PlatformAdapter = Object.create(adapter);
  wrapped.start = (handlers) =>
    adapter.start({
      async onMessage(msg: Incoming) {
        const replies = await handlers.onMessage(msg);
        handled.emit("message", msg);
        return replies;
      },
      async onChatEvent(e: ChatEvent) {
        const replies = await handlers.onChatEvent(e);
        handled.emit("event", e);
        return replies;
      },
    });
  return { adapter: wrapped, handled };
}

function nextHandled<T>(
  handled: EventEmitter,
  kind: "message" | "event",
  match: (x: T) => boolean,
  timeoutMs = 10_000,
) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${kind} handled within ${timeoutMs} ms`)), timeoutMs);
    const on = (x: T) => {
      if (!match(x)) return;
      clearTimeout(timer);
      handled.off(kind, on);
      resolve();
    };
    handled.on(kind, on);
  });
}

let api: TelegramApi;
let app: App;
let store: MemoryStore;
let handled: EventEmitter;
let dir: string;
let log: LogTap;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "paperboy-tg-app-"));
  api = await startTelegramApi();
  const config = loadConfig({
    PAPERBOY_DATA_DIR: dir,
    PAPERBOY_CATCH_UP_MINUTES: "0",
    PAPERBOY_PUSH_AT: "0 18 * * *",
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
  });
  store = new MemoryStore();
  await store.putIssue(Issue.parse(fixtureIssue(todayIn(config.tz))));
  log = new LogTap();
  const telegram = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: log.logger,
    dataDir: dir,
  });
  const o = observed(telegram);
  handled = o.handled;
  app = await createApp(config, { store, log: log.logger, adapters: [o.adapter] });
  await app.start();
});

afterEach(async () => {
  await app.stop();
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

const GROUP = { id: -1001234500001, type: "supergroup" as const, title: "跨境卖家交流群" };

describe("paperboy on Telegram, end to end", () => {
  it("answers /today@bot in a group with a button per section, and a press sends that section", async () => {
    api.pushUpdate(api.textMessage({ chat: GROUP, from: 7, text: `/today@${api.botUsername}` }));
    const today = await api.waitForSent((m) => m.chatId === GROUP.id && m.replyMarkup !== undefined, 10_000);
    expect(today.parsedText).toContain("某平台发布年终大促规则");
    const buttons = (
      today.replyMarkup as { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> }
    ).inline_keyboard.flat();
    const crossborder = buttons.find((b) => b.text.includes("跨境"));
    expect(crossborder?.callback_data).toBeTruthy();

    const since = api.mark();
    api.pushUpdate(
      api.callbackQuery({ message: today.message, from: 7, data: crossborder?.callback_data as string }),
    );
    await api.waitFor((e) => e.kind === "call" && e.method === "answerCallbackQuery" && e.ok, 5000, since);
    const section = await api.waitForSent(
      (m) => m.chatId === GROUP.id && m.parsedText.includes("跨境消息1"),
      10_000,
      since,
    );
    expect(section.parseMode).toBe("HTML");
    // The delivery limiter kept every send inside Telegram's limits.
    expect(api.stats().tooManyRequests).toBe(0);
  });

  it("sends a section longer than 4096 characters in several messages, all accepted", async () => {
    api.pushUpdate(api.textMessage({ chat: 4001, text: "/section crossborder" }));
    await nextHandled(handled, "message", (m: Incoming) => m.chatId === "telegram:4001", 20_000);
    const parts = api.sentTo(4001);
    expect(parts.length).toBeGreaterThan(1);
    const text = parts.map((m) => m.parsedText).join("\n");
    for (let i = 1; i <= 4; i++) expect(text).toContain(`跨境消息${i}`);
    expect(api.stats().badRequest).toBe(0);
    expect(api.stats().tooManyRequests).toBe(0);
  });

  it("keeps <, > and & exactly as the editor wrote them", async () => {
    api.pushUpdate(api.textMessage({ chat: 4002, text: "/section ecommerce" }));
    const m = await api.waitForSent((s) => s.chatId === 4002 && s.parsedText.includes("Temu"), 10_000);
    expect(m.parsedText).toContain(TRICKY_TITLE);
    expect(m.parsedText).toContain("价格对比显示 <10% 的差距 & 更快的配送。");
  });

  it("welcomes a group that adds the bot and subscribes it; a kick marks it inactive", async () => {
    api.pushUpdate(api.myChatMember({ chat: GROUP, status: "member" }));
    const welcome = await api.waitForSent((m) => m.chatId === GROUP.id, 10_000);
    expect(welcome.parsedText.length).toBeGreaterThan(10);
    const chat = await store.getChat(`telegram:${GROUP.id}`);
    expect(chat).toMatchObject({ kind: "group", state: "active", subscribed: true, title: GROUP.title });

    const removed = nextHandled(handled, "event", (e: ChatEvent) => e.type === "removed");
    api.kick(GROUP.id);
    await removed;
    expect(await store.getChat(`telegram:${GROUP.id}`)).toMatchObject({ state: "inactive" });
    expect((await store.listChats({ state: "active" })).map((c) => c.id)).not.toContain(
      `telegram:${GROUP.id}`,
    );
  });

  it("keeps a group's subscription when it becomes a supergroup", async () => {
    const small = { id: -4003, type: "group" as const, title: "小群" };
    api.pushUpdate(api.myChatMember({ chat: small, status: "member" }));
    await api.waitForSent((m) => m.chatId === small.id, 10_000);
    const migrated = nextHandled(handled, "event", (e: ChatEvent) => e.type === "migrated");
    api.migrate(small.id, -1000000004003);
    await migrated;
    expect(await store.getChat("telegram:-1000000004003")).toMatchObject({
      state: "active",
      subscribed: true,
      title: "小群",
    });
    expect(await store.getChat("telegram:-4003")).toMatchObject({
      state: "inactive",
      migratedTo: "telegram:-1000000004003",
    });
    expect(log.raw).not.toContain(api.token);
  });
});

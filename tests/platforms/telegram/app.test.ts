import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatEvent, Incoming } from "../../../src/core/ports/index.ts";
import type { MemoryStore } from "../../../src/store/memory.ts";
import type { TelegramApi } from "../../support/telegram-api/server.ts";
import { type AppHarness, startApp } from "./app-harness.ts";
import { TRICKY_TITLE } from "./issue-fixture.ts";

let h: AppHarness;
let api: TelegramApi;
let store: MemoryStore;

beforeEach(async () => {
  h = await startApp();
  api = h.api;
  store = h.store;
});

afterEach(async () => {
  await h.stop();
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
    await h.handledMessage((m: Incoming) => m.chatId === "telegram:4001", 20_000);
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

    const removed = h.handledEvent((e: ChatEvent) => e.type === "removed");
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
    const migrated = h.handledEvent((e: ChatEvent) => e.type === "migrated");
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
    expect(h.log.raw).not.toContain(api.token);
  });

  it("answers /join@bot in a group with a button opening the private chat, and /start join there", async () => {
    api.pushUpdate(api.textMessage({ chat: GROUP, from: 7, text: `/join@${api.botUsername}` }));
    const inGroup = await api.waitForSent((m) => m.chatId === GROUP.id, 10_000);
    const urls = (inGroup.replyMarkup as { inline_keyboard: Array<Array<{ url?: string }>> }).inline_keyboard
      .flat()
      .map((b) => b.url);
    expect(urls).toContain(`https://t.me/${api.botUsername}?start=join`);

    api.pushUpdate(api.textMessage({ chat: 7, from: 7, text: "/start join" }));
    await h.handledMessage((m: Incoming) => m.chatId === "telegram:7" && m.text === "/start join");
    expect(api.sentTo(7).length).toBeGreaterThan(0);
    expect(api.stats().badRequest).toBe(0);
  });
});

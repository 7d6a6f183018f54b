import { describe, expect, it } from "vitest";
import { harness, textOf } from "./helpers.ts";

describe("chat events keep the chat records true", () => {
  it("added: the chat is stored active and subscribed, and welcomed with the push time", async () => {
    const { router, store } = await harness();
    const replies = await router.onChatEvent({
      type: "added",
      chatId: "telegram:-100500",
      chatKind: "group",
      title: "电商交流群",
    });
    expect(textOf(replies)).toContain("每天 18:00（北京时间）");
    expect(textOf(replies)).toContain("今日");
    expect(await store.getChat("telegram:-100500")).toMatchObject({
      platform: "telegram",
      kind: "group",
      title: "电商交流群",
      state: "active",
      subscribed: true,
      sections: "all",
    });
  });

  it("added as a friend (a private chat): welcomed, but pushes wait until the reader subscribes", async () => {
    const { router, store } = await harness();
    const replies = await router.onChatEvent({
      type: "added",
      chatId: "wechat:wxid_reader",
      chatKind: "private",
      title: "读者",
    });
    expect(textOf(replies)).toContain("发送「订阅」");
    expect(await store.getChat("wechat:wxid_reader")).toMatchObject({ kind: "private", subscribed: false });
  });

  it("added to a channel as admin: subscribed for the push, but no welcome post for every subscriber to read", async () => {
    const { router, store } = await harness();
    const replies = await router.onChatEvent({
      type: "added",
      chatId: "telegram:-100777",
      chatKind: "channel",
      title: "快报频道",
    });
    expect(replies).toEqual([]);
    expect(await store.getChat("telegram:-100777")).toMatchObject({
      kind: "channel",
      state: "active",
      subscribed: true,
    });
  });

  it("the welcome follows PAPERBOY_PUSH_AT and PAPERBOY_LOCALE, and falls back to the raw cron", async () => {
    const { router } = await harness({ env: { PAPERBOY_LOCALE: "en", PAPERBOY_PUSH_AT: "0 */2 * * *" } });
    const replies = await router.onChatEvent({
      type: "added",
      chatId: "wechat:R9@chatroom",
      chatKind: "group",
      title: "x",
    });
    expect(replies[0]?.locale).toBe("en");
    expect(textOf(replies)).toContain("cron: 0 */2 * * *, Beijing time");
  });

  it("removed: the chat becomes inactive with the reason, and is kept", async () => {
    const { router, store } = await harness();
    await router.onChatEvent({ type: "added", chatId: "telegram:-100500", chatKind: "group", title: "群" });
    expect(
      await router.onChatEvent({ type: "removed", chatId: "telegram:-100500", reason: "kicked" }),
    ).toEqual([]);
    expect(await store.getChat("telegram:-100500")).toMatchObject({
      state: "inactive",
      inactiveReason: "kicked",
    });
    // Added again later: pushes start again.
    await router.onChatEvent({ type: "added", chatId: "telegram:-100500", chatKind: "group", title: "群" });
    expect(await store.getChat("telegram:-100500")).toMatchObject({ state: "active", subscribed: true });
  });

  it("migrated: the new id carries the subscription and settings; the old one is marked, not deleted", async () => {
    const { router, store } = await harness();
    await store.upsertChat({
      id: "telegram:-500",
      platform: "telegram",
      kind: "group",
      title: "跨境卖家群",
      sections: ["crossborder"],
      locale: "en",
    });
    await router.onChatEvent({ type: "migrated", fromChatId: "telegram:-500", toChatId: "telegram:-100500" });
    expect(await store.getChat("telegram:-100500")).toMatchObject({
      kind: "group",
      title: "跨境卖家群",
      state: "active",
      subscribed: true,
      sections: ["crossborder"],
      locale: "en",
    });
    expect(await store.getChat("telegram:-500")).toMatchObject({
      state: "inactive",
      migratedTo: "telegram:-100500",
      sections: ["crossborder"],
    });
  });

  it("migrated keeps an unsubscribed or paused chat that way", async () => {
    const { router, store } = await harness();
    await store.upsertChat({
      id: "telegram:-7",
      platform: "telegram",
      kind: "group",
      subscribed: false,
      state: "paused",
    });
    await router.onChatEvent({ type: "migrated", fromChatId: "telegram:-7", toChatId: "telegram:-1007" });
    expect(await store.getChat("telegram:-1007")).toMatchObject({ subscribed: false, state: "paused" });
  });

  it("renamed: the title changes; unknown chats are not invented", async () => {
    const { router, store } = await harness();
    await router.onChatEvent({
      type: "added",
      chatId: "wechat:R1@chatroom",
      chatKind: "group",
      title: "旧名",
    });
    await router.onChatEvent({ type: "renamed", chatId: "wechat:R1@chatroom", title: "新名 🚀" });
    expect((await store.getChat("wechat:R1@chatroom"))?.title).toBe("新名 🚀");
    await router.onChatEvent({ type: "renamed", chatId: "wechat:R2@chatroom", title: "x" });
    await router.onChatEvent({ type: "removed", chatId: "wechat:R3@chatroom", reason: "kicked" });
    expect(await store.getChat("wechat:R2@chatroom")).toBeUndefined();
    expect(await store.getChat("wechat:R3@chatroom")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { group, harness, ISSUE_0108, msg, parseIssue, textOf } from "./helpers.ts";

const GROUP = "telegram:-100500";
const admin = () => Promise.resolve(true);
const member = () => Promise.resolve(false);

async function withGroup() {
  const h = await harness({ issues: [parseIssue(ISSUE_0108, "2018-01-08")] });
  await h.router.onChatEvent({ type: "added", chatId: GROUP, chatKind: "group", title: "群" });
  return h;
}

describe("subscriptions", () => {
  it("a group admin chooses sections with 订阅 跨境 电商", async () => {
    const { router, store } = await withGroup();
    const text = textOf(await router.handle(group("订阅 跨境 电商", { isChatAdmin: admin })));
    expect(text).toContain("订阅成功");
    expect(text).toContain("跨境快报、电商快报");
    expect(await store.getChat(GROUP)).toMatchObject({
      subscribed: true,
      sections: ["crossborder", "ecommerce"],
    });
  });

  it("a member who is not a group admin is refused and nothing changes", async () => {
    const { router, store } = await withGroup();
    const before = await store.getChat(GROUP);
    for (const command of ["/subscribe crossborder", "/unsubscribe", "退订", "/lang en"]) {
      const text = textOf(await router.handle(group(command, { isChatAdmin: member })));
      expect(text, command).toContain("只有群主或群管理员");
    }
    // An adapter that cannot tell counts as "no".
    expect(textOf(await router.handle(group("/unsubscribe")))).toContain("只有群主或群管理员");
    expect(await store.getChat(GROUP)).toEqual(before);
  });

  it("the same holds in a WeChat room: the room owner may, a member may not", async () => {
    const { router, store } = await harness();
    const room = { platform: "wechat" as const, chatId: "wechat:R1@chatroom", chatKind: "group" as const };
    await router.onChatEvent({ type: "added", chatId: room.chatId, chatKind: "group", title: "微信群" });
    const refused = await router.handle(
      msg("退订", { ...room, senderId: "wechat:wxid_member", isChatAdmin: member }),
    );
    expect(textOf(refused)).toContain("只有群主或群管理员");
    expect((await store.getChat(room.chatId))?.subscribed).toBe(true);
    await router.handle(msg("退订", { ...room, senderId: "wechat:wxid_owner", isChatAdmin: admin }));
    expect((await store.getChat(room.chatId))?.subscribed).toBe(false);
  });

  it("a paperboy admin may change any group's subscription", async () => {
    const { router, store } = await withGroup();
    await router.handle(group("/unsubscribe", { senderId: "telegram:1", isChatAdmin: member }));
    expect((await store.getChat(GROUP))?.subscribed).toBe(false);
  });

  it("anyone may subscribe their own private chat, which starts unsubscribed", async () => {
    const { router, store } = await harness({ issues: [parseIssue(ISSUE_0108, "2018-01-08")] });
    await router.handle(msg("/lang zh"));
    expect(await store.getChat("telegram:42")).toMatchObject({ kind: "private", subscribed: false });
    const text = textOf(await router.handle(msg("订阅")));
    expect(text).toContain("全部栏目");
    expect(await store.getChat("telegram:42")).toMatchObject({ subscribed: true, sections: "all" });
    await router.handle(msg("/unsubscribe"));
    expect((await store.getChat("telegram:42"))?.subscribed).toBe(false);
  });

  it("Chinese needs no space after the keyword in a private chat: 订阅跨境", async () => {
    const { router, store } = await harness({ issues: [parseIssue(ISSUE_0108, "2018-01-08")] });
    await router.handle(msg("订阅跨境"));
    expect(await store.getChat("telegram:42")).toMatchObject({ subscribed: true, sections: ["crossborder"] });
  });

  it("an unknown section word is refused with the list to choose from", async () => {
    const { router, store } = await withGroup();
    const text = textOf(await router.handle(group("/subscribe sports", { isChatAdmin: admin })));
    expect(text).toContain("没有「sports」这个栏目");
    expect(text).toContain("跨境快报");
    expect((await store.getChat(GROUP))?.sections).toBe("all");
  });

  it("/settings shows sections, push time and language", async () => {
    const { router } = await withGroup();
    await router.handle(group("/subscribe cb", { isChatAdmin: admin }));
    const text = textOf(await router.handle(group("设置")));
    expect(text).toContain("推送：已订阅");
    expect(text).toContain("栏目：跨境快报");
    expect(text).toContain("时间：每天 18:00（北京时间）");
    expect(text).toContain("语言：中文");
  });
});

describe("/lang", () => {
  it("switches the chat's replies, and the confirmation already speaks the new language", async () => {
    const { router, store } = await withGroup();
    const [done] = await router.handle(group("/lang en", { isChatAdmin: admin }));
    expect(done?.locale).toBe("en");
    expect(textOf(done ? [done] : [])).toBe("OK, I'll reply in English from now on.");
    expect((await store.getChat(GROUP))?.locale).toBe("en");
    expect(textOf(await router.handle(group("/settings")))).toContain("Language: English");
    const [back] = await router.handle(group("/lang 中文", { isChatAdmin: admin }));
    expect(textOf(back ? [back] : [])).toBe("好的，以后用中文回复。");
    expect(textOf(await router.handle(group("/settings")))).toContain("语言：中文");
  });

  it("without an argument tells the current language; a wrong one gets usage", async () => {
    const { router } = await harness();
    expect(textOf(await router.handle(msg("/lang")))).toContain("当前语言：中文");
    const text = textOf(await router.handle(msg("/lang fr")));
    expect(text).toContain("只支持 en（英文）和 zh（中文）");
    expect(text).toContain("/lang en");
  });

  it("a chat's chosen language wins over the reader's Telegram language", async () => {
    const { router } = await harness();
    await router.handle(msg("/lang zh", { languageCode: "en" }));
    const [reply] = await router.handle(msg("/help", { languageCode: "en" }));
    expect(reply?.locale).toBe("zh-CN");
  });
});

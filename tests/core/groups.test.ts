import { describe, expect, it } from "vitest";
import { group, harness, ISSUE_0108, parseIssue, textOf } from "./helpers.ts";

const withIssue = () => harness({ issues: [parseIssue(ISSUE_0108, "2018-01-08")] });

describe("in groups the bot speaks only when spoken to", () => {
  it("/today@ThisBot is answered and /today@OtherBot is not", async () => {
    const { router } = await withIssue();
    expect(textOf(await router.handle(group("/today@PaperboyBot")))).toContain("1月8日电商晚报");
    expect(textOf(await router.handle(group("/today@paperboybot")))).toContain("1月8日电商晚报");
    expect(await router.handle(group("/today@OtherBot"))).toEqual([]);
  });

  it("a plain known command or keyword counts as addressed", async () => {
    const { router } = await withIssue();
    expect(textOf(await router.handle(group("/today")))).toContain("1月8日电商晚报");
    expect(textOf(await router.handle(group("跨境")))).toContain("亚马逊推出新的品牌保护工具");
    expect(textOf(await router.handle(group("今日")))).toContain("1月8日电商晚报");
  });

  it("stays quiet on chatter, even chatter containing a keyword", async () => {
    const { router } = await withIssue();
    for (const text of [
      "大家晚上好",
      "今天天气不错",
      "跨境电商越来越难做了",
      "我觉得今日的观点很对",
      "搜索引擎真好用",
      "跨境 电商 都难",
      "/weather",
      "往期 我也看过",
      "订阅号都不看了",
    ]) {
      expect(await router.handle(group(text)), text).toEqual([]);
    }
  });

  it("answers anything when @mentioned: a keyword, a command, or a hint toward help", async () => {
    const { router } = await withIssue();
    expect(textOf(await router.handle(group("@PaperboyBot 跨境")))).toContain("亚马逊推出新的品牌保护工具");
    expect(textOf(await router.handle(group("你好", { mentionsBot: true })))).toContain("/help");
    // A bare mention gets the help itself.
    expect(textOf(await router.handle(group("@PaperboyBot")))).toContain("/today");
  });

  it("in a WeChat room answers a keyword after the @mention that WeChat writes with U+2005", async () => {
    const { router } = await withIssue();
    const replies = await router.handle(
      group("@老高快报\u2005今日", {
        platform: "wechat",
        chatId: "wechat:R1@chatroom",
        senderId: "wechat:wxid_a",
        botUsername: undefined,
        mentionsBot: true,
      }),
    );
    expect(textOf(replies)).toContain("1月8日电商晚报");
  });

  it("a button press carries a command line and is always answered", async () => {
    const { router } = await withIssue();
    const replies = await router.handle(group("/section crossborder", { isCallback: true }));
    expect(textOf(replies)).toContain("亚马逊推出新的品牌保护工具");
  });

  it("a bad argument after a bare keyword is chatter; after a slash command it gets help", async () => {
    const { router } = await withIssue();
    expect(await router.handle(group("跨境 真的难"))).toEqual([]);
    expect(textOf(await router.handle(group("/crossborder 真的难")))).toContain("看不懂这个日期");
    expect(textOf(await router.handle(group("@PaperboyBot 跨境 真的难")))).toContain("看不懂这个日期");
  });
});

import { describe, expect, it } from "vitest";
import { harness, ISSUE_0107, ISSUE_0108, msg, parseIssue, textOf } from "./helpers.ts";

const issues = () => [parseIssue(ISSUE_0108, "2018-01-08"), parseIssue(ISSUE_0107, "2018-01-07")];

describe("reading today's issue", () => {
  it("/today shows the headlines, each section with how to ask for it, and one button per section", async () => {
    const { router } = await harness({ issues: issues() });
    const [reply, ...rest] = await router.handle(msg("/today"));
    expect(rest).toEqual([]);
    const text = textOf(reply ? [reply] : []);
    expect(text).toContain("1月8日电商晚报");
    expect(text).toContain("平台上线商家保证金新规");
    expect(reply?.blocks).toContainEqual({ kind: "command", text: "跨境", description: "跨境快报" });
    expect(reply?.buttons?.flat()).toContainEqual({
      text: "跨境快报",
      data: "/section crossborder",
      keyword: "跨境",
    });
    expect(reply?.buttons?.flat().map((b) => ("data" in b ? b.data : ""))).toEqual([
      "/section ecommerce",
      "/section internet",
      "/section crossborder",
      "/section view",
    ]);
    expect(reply?.locale).toBe("zh-CN");
  });

  it.each(["今日", "今天", "今日快报", " 今日 ", "今日？", "/latest"])(
    "answers %s like /today",
    async (word) => {
      const { router } = await harness({ issues: issues() });
      expect(textOf(await router.handle(msg(word)))).toEqual(textOf(await router.handle(msg("/today"))));
    },
  );

  it("before the evening issue is imported, /today shows the latest one and says it is not today's", async () => {
    const { router } = await harness({ issues: issues(), now: new Date("2018-01-09T02:00:00Z") });
    const text = textOf(await router.handle(msg("/today")));
    expect(text).toContain("今天的快报还没发布");
    expect(text).toContain("1月8日电商晚报");
  });

  it("uses the publisher's timezone for 'today': at 23:30 UTC on Jan 7 it is already Jan 8 in Shanghai", async () => {
    const { router } = await harness({ issues: issues(), now: new Date("2018-01-07T23:30:00Z") });
    const text = textOf(await router.handle(msg("/today")));
    expect(text).toContain("1月8日电商晚报");
    expect(text).not.toContain("还没发布");
  });

  it("with no issue yet answers kindly, with when the next one comes", async () => {
    const { router } = await harness();
    for (const command of ["/today", "跨境", "/issues", "/section view"]) {
      const text = textOf(await router.handle(msg(command)));
      expect(text).toContain("还没有任何一期快报");
      expect(text).toContain("每天 18:00（北京时间）");
    }
  });
});

describe("asking for one section", () => {
  it.each([
    ["/section crossborder"],
    ["/section 跨境"],
    ["/section cb"],
    ["/section ＣＢ"],
    ["/section 跨境快报"],
    ["/crossborder"],
    ["/cb"],
    ["跨境"],
    ["跨境快报"],
    ["／crossborder"],
  ])("%s shows the cross-border section", async (command) => {
    const { router } = await harness({ issues: issues() });
    const replies = await router.handle(msg(command));
    const text = textOf(replies);
    expect(text).toContain("跨境快报");
    expect(text).toContain("亚马逊推出新的品牌保护工具");
    expect(text).toContain("来源：跨境观察");
    expect(text).not.toContain("平台上线商家保证金新规");
  });

  it("the other shortcuts and keywords show their sections", async () => {
    const { router } = await harness({ issues: issues() });
    expect(textOf(await router.handle(msg("电商")))).toContain("年货节报名今天开启");
    expect(textOf(await router.handle(msg("/ecommerce")))).toContain("年货节报名今天开启");
    expect(textOf(await router.handle(msg("互联网")))).toContain("在家查车");
    expect(textOf(await router.handle(msg("/internet")))).toContain("在家查车");
    const view = textOf(await router.handle(msg("观点")));
    expect(view).toContain("做生意先算清楚账");
    // The editorial is the last section: the issue's footer comes with it.
    expect(view).toContain("欢迎商家申请加入老高电商俱乐部");
    expect(textOf(await router.handle(msg("/headlines")))).toContain("跨境卖家迎来年初备货高峰");
  });

  it("an unknown section gets the list of this issue's sections", async () => {
    const { router } = await harness({ issues: issues() });
    const [reply] = await router.handle(msg("/section sports"));
    const text = textOf(reply ? [reply] : []);
    expect(text).toContain("没有「sports」这个栏目");
    for (const word of ["电商", "互联网", "跨境", "观点"]) expect(text).toContain(word);
    expect(reply?.buttons?.flat()).toHaveLength(4);
  });

  it("a known section the issue lacks says so and lists what it has", async () => {
    const { router } = await harness({ issues: issues(), now: new Date("2018-01-07T12:00:00Z") });
    const text = textOf(await router.handle(msg("互联网")));
    expect(text).toContain("这一期没有互联网快报栏目");
    expect(text).toContain("跨境快报");
  });

  it("a section of an older issue by date, as the archive's buttons ask", async () => {
    const { router } = await harness({ issues: issues() });
    const text = textOf(await router.handle(msg("/section crossborder 2018-01-07")));
    expect(text).toContain("亚马逊调整仓储费");
    expect(textOf(await router.handle(msg("跨境 1月7日")))).toContain("亚马逊调整仓储费");
  });
});

describe("the archive", () => {
  it("/issue by ISO date and by Chinese date shows that issue with dated section buttons", async () => {
    const { router } = await harness({ issues: issues() });
    for (const command of [
      "/issue 2018-01-07",
      "/issue 1月7日",
      "/issue 1/7",
      "/issue Jan 7",
      "往期 1月7日",
    ]) {
      const [reply] = await router.handle(msg(command));
      const text = textOf(reply ? [reply] : []);
      expect(text, command).toContain("1月7日电商晚报");
      expect(text, command).not.toContain("今天的快报还没发布");
      expect(reply?.buttons?.flat()).toContainEqual(
        expect.objectContaining({ data: "/section crossborder 2018-01-07" }),
      );
      expect(reply?.blocks).toContainEqual({
        kind: "command",
        text: "跨境 2018-01-07",
        description: "跨境快报",
      });
    }
    // What the archive tells a reader to send works as written, even unaddressed in a group.
    const asked = await router.handle(msg("跨境 2018-01-07", { chatKind: "group", chatId: "telegram:-1" }));
    expect(textOf(asked)).toContain("亚马逊调整仓储费");
  });

  it("/issue for a day with no issue says so and how to list them", async () => {
    const { router } = await harness({ issues: issues() });
    const text = textOf(await router.handle(msg("/issue 2018-01-05")));
    expect(text).toContain("没有找到2018年1月5日的快报");
    expect(text).toContain("往期");
  });

  it("an unreadable date gets what went wrong and how to write it", async () => {
    const { router } = await harness({ issues: issues() });
    const text = textOf(await router.handle(msg("/issue someday")));
    expect(text).toContain("看不懂这个日期");
    expect(text).toContain("/issue 1月8日");
  });

  it("/issues and 往期 list the latest issues, newest first, with a button for each", async () => {
    const { router } = await harness({ issues: issues() });
    for (const command of ["/issues", "往期", "/issue"]) {
      const [reply] = await router.handle(msg(command));
      const list = reply?.blocks.find((b) => b.kind === "list");
      expect(list).toEqual({
        kind: "list",
        items: ["2018-01-08 · 1月8日电商晚报", "2018-01-07 · 1月7日电商晚报"],
      });
      expect(reply?.buttons?.flat().map((b) => ("data" in b ? b.data : ""))).toEqual([
        "/issue 2018-01-08",
        "/issue 2018-01-07",
      ]);
    }
  });
});

describe("help, start, join and cancel", () => {
  it("/help and 帮助 list the reader's commands with their Chinese keywords, not the admin ones", async () => {
    const { router } = await harness();
    const text = textOf(await router.handle(msg("帮助")));
    expect(text).toEqual(textOf(await router.handle(msg("/help"))));
    expect(text).toContain("/today");
    expect(text).toContain("「今日」");
    expect(text).toContain("/subscribe");
    expect(text).not.toContain("/push");
  });

  it("/help shows an admin the admin commands too", async () => {
    const { router } = await harness();
    const text = textOf(await router.handle(msg("/help", { senderId: "telegram:1", chatId: "telegram:1" })));
    expect(text).toContain("/push");
    expect(text).toContain("/stats");
  });

  it("/start greets a new private chat and explains the commands", async () => {
    const { router } = await harness();
    const text = textOf(await router.handle(msg("/start")));
    expect(text).toContain("你好！我是老高电商快报机器人");
    expect(text).toContain("/today");
  });

  it("/start join (the Telegram deep link) honestly says applications open soon", async () => {
    const { router } = await harness();
    const text = textOf(await router.handle(msg("/start join")));
    expect(text).toContain("商家入会申请很快就会在这里开放");
    expect(textOf(await router.handle(msg("加入")))).toEqual(text);
    expect(textOf(await router.handle(msg("申请入会")))).toEqual(text);
  });

  it("/join in a Telegram group points to the private chat with a deep-link button", async () => {
    const { router } = await harness();
    const [reply] = await router.handle(
      msg("/join", { chatId: "telegram:-100500", chatKind: "group", botUsername: "PaperboyBot" }),
    );
    expect(textOf(reply ? [reply] : [])).toContain("入会申请请私聊我");
    expect(reply?.buttons).toEqual([[{ text: "私聊申请入会", url: "https://t.me/PaperboyBot?start=join" }]]);
  });

  it("加入 in a WeChat group asks to add the bot as a friend first", async () => {
    const { router } = await harness();
    const replies = await router.handle(
      msg("加入", {
        platform: "wechat",
        chatId: "wechat:R1@chatroom",
        chatKind: "group",
        senderId: "wechat:wxid_a",
      }),
    );
    expect(textOf(replies)).toContain("先加我为好友，再发送「加入」");
    expect(replies[0]?.buttons).toBeUndefined();
  });

  it("/cancel with nothing running says so; in a group it asks for the private chat", async () => {
    const { router } = await harness();
    expect(textOf(await router.handle(msg("取消")))).toContain("现在没有进行中的操作");
    expect(
      textOf(await router.handle(msg("/cancel", { chatKind: "group", chatId: "telegram:-1" }))),
    ).toContain("请私聊我使用");
    // The bare word in a group is chatter, not a misuse.
    expect(await router.handle(msg("取消", { chatKind: "group", chatId: "telegram:-1" }))).toEqual([]);
  });

  it("an unknown command or text in a private chat gets a short hint toward /help", async () => {
    const { router } = await harness();
    expect(textOf(await router.handle(msg("/weather")))).toContain("/help");
    expect(textOf(await router.handle(msg("你好呀")))).toContain("帮助");
  });
});

describe("replies in English", () => {
  it("PAPERBOY_LOCALE=en answers in English with English shortcuts", async () => {
    const { router } = await harness({ issues: issues(), env: { PAPERBOY_LOCALE: "en" } });
    const [reply] = await router.handle(msg("/today"));
    expect(reply?.locale).toBe("en");
    expect(reply?.blocks).toContainEqual({
      kind: "command",
      text: "/crossborder",
      description: "Cross-border",
    });
    expect(textOf(await router.handle(msg("/section nope")))).toContain("There is no section called “nope”");
    expect(textOf(await router.handle(msg("/help")))).toContain("today's issue");
  });

  it("a private chat follows the reader's Telegram language until the chat chooses one", async () => {
    const { router } = await harness({ issues: issues() });
    const [reply] = await router.handle(msg("/help", { languageCode: "en-GB" }));
    expect(reply?.locale).toBe("en");
    // In a group the group's language counts, not the speaker's.
    const [inGroup] = await router.handle(
      msg("/help", { languageCode: "en-GB", chatKind: "group", chatId: "telegram:-1" }),
    );
    expect(inGroup?.locale).toBe("zh-CN");
  });
});

import { describe, expect, it } from "vitest";
import type { Button, Reply } from "../../src/core/ports/index.ts";
import { group, harness, msg, parseIssue, textOf } from "./helpers.ts";

/**
 * Sections only this publisher has, under Chinese headers: their keys are hash slugs (`s-…`) that
 * nobody could type, so every list and button must name them by their title instead.
 */
const LONG_TITLE = "国内外新锐消费品牌出海与本地化运营经验快报";
const ISSUE = `#老高电商快报# 【1月8日电商晚报】1、新锐茶饮开出第一百家店；2、平台调整保证金。
电商快报：
1、平台调整保证金
平台按类目分档收取保证金。（来源：规则中心）
品牌快报：
1、新锐茶饮开出第一百家店
品牌方表示下一步进入东南亚。（来源：品牌周刊）
${LONG_TITLE}：
1、一家袜子工厂的海外仓经验
先从一个国家做起，再复制到下一个。（来源：出海日报）
`;
const LATER = `#老高电商快报# 【1月9日电商晚报】1、平台发布春节物流安排。
电商快报：
1、平台发布春节物流安排
春节期间部分地区暂停揽收。（来源：规则中心）
`;

const dataOf = (reply: Reply | undefined) =>
  (reply?.buttons ?? []).flat().flatMap((b: Button) => ("data" in b ? [b] : []));

async function setup(now?: Date) {
  const issue = parseIssue(ISSUE, "2018-01-08");
  const brand = issue.sections.find((s) => s.title === "品牌快报");
  const long = issue.sections.find((s) => s.title === LONG_TITLE);
  if (!brand || !long) throw new Error("the publisher's sections were not parsed");
  expect(brand.key).toMatch(/^s-/);
  expect(long.key).toMatch(/^s-/);
  return { ...(await harness({ issues: [issue], ...(now ? { now } : {}) })), brand, long };
}

describe("a section only this publisher has", () => {
  it("is listed and buttoned by its title, which opens it when sent back", async () => {
    const { router, brand } = await setup();
    const [reply] = await router.handle(msg("/today"));
    expect(reply?.blocks).toContainEqual({
      kind: "command",
      text: "/section 品牌快报",
      description: "品牌快报",
    });
    const button = dataOf(reply).find((b) => b.text === "品牌快报");
    expect(button).toEqual({ text: "品牌快报", data: "/section 品牌快报", keyword: "/section 品牌快报" });
    expect(JSON.stringify(reply)).not.toContain(brand.key);
    expect(textOf(await router.handle(msg(button?.data ?? "")))).toContain("新锐茶饮开出第一百家店");
  });

  it("keeps its key in a button whose title would pass Telegram's 64-byte callback limit", async () => {
    const { router, long } = await setup();
    const [reply] = await router.handle(msg("/today"));
    const button = dataOf(reply).find((b) => b.text === LONG_TITLE);
    expect(button?.data).toBe(`/section ${long.key}`);
    for (const b of dataOf(reply)) expect(new TextEncoder().encode(b.data).length).toBeLessThanOrEqual(64);
    expect(textOf(await router.handle(msg(button?.data ?? "")))).toContain("一家袜子工厂的海外仓经验");
  });

  it("carries the title and the date in the archive's buttons and in the list after a wrong word", async () => {
    const { router } = await setup();
    const [archived] = await router.handle(msg("/issue 2018-01-08"));
    const button = dataOf(archived).find((b) => b.text === "品牌快报");
    expect(button?.data).toBe("/section 品牌快报 2018-01-08");
    expect(textOf(await router.handle(msg(button?.data ?? "")))).toContain("新锐茶饮开出第一百家店");
    const [wrong] = await router.handle(msg("/section 体育"));
    expect(wrong?.blocks).toContainEqual({
      kind: "command",
      text: "/section 品牌快报",
      description: "品牌快报",
    });
  });

  it("is named by its title in search results, whose /item command opens the item", async () => {
    const { router, brand } = await setup();
    const found = textOf(await router.handle(msg("/search 茶饮")));
    expect(found).toContain("/item 2018-01-08 品牌快报 1");
    expect(found).not.toContain(brand.key);
    expect(textOf(await router.handle(msg("/item 2018-01-08 品牌快报 1")))).toContain(
      "品牌方表示下一步进入东南亚",
    );
    // The key still works for links written before.
    expect(textOf(await router.handle(msg(`/item 2018-01-08 ${brand.key} 1`)))).toContain("品牌方表示");
  });

  it("is named by its title in subscribe and settings replies, even once the latest issue lacks it", async () => {
    const { router, store, clock, brand } = await setup();
    const chat = "telegram:-100500";
    await router.onChatEvent({ type: "added", chatId: chat, chatKind: "group", title: "群" });
    const admin = { isChatAdmin: () => Promise.resolve(true) };
    const done = textOf(await router.handle(group("订阅 品牌快报 电商", admin)));
    expect(done).toContain("品牌快报、电商快报");
    expect(await store.getChat(chat)).toMatchObject({ sections: [brand.key, "ecommerce"] });
    await store.putIssue(parseIssue(LATER, "2018-01-09"));
    clock.now = new Date("2018-01-09T12:00:00Z");
    const settings = textOf(await router.handle(group("设置")));
    expect(settings).toContain("品牌快报");
    expect(settings).not.toContain(brand.key);
  });
});

import { describe, expect, it } from "vitest";
import { slugForHeader } from "../../src/domain/sections.ts";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";
import { readFixture, SHANGHAI } from "./fixtures.ts";

describe("a Chinese issue with markup characters, emoji, typos and a very long section", () => {
  const issue = parseNewsletterText(readFixture("zh-edge-2025-01-09.txt"), SHANGHAI);
  const section = (key: string) => issue.sections.find((s) => s.key === key);

  it("reads the title line with mixed numbering (1． 2、 3.) and keeps <, & and emoji in the headlines", () => {
    expect(issue.hashtag).toBe("老高电商快报");
    expect(issue.title).toBe("1月9日电商晚报");
    expect(issue.language).toBe("zh");
    expect(issue.date).toBe("2025-01-09");
    expect(issue.headlines).toEqual([
      { n: 1, text: "年货节首日：10.8万家店铺报名参与" },
      { n: 2, text: "“<限时>”标签被叫停 & 虚假促销整治升级" },
      { n: 3, text: "跨境卖家年度调研：七成卖家计划开拓新市场🌏" },
    ]);
  });

  it("attaches two images on one line before the first section to the issue", () => {
    expect(issue.images).toEqual([
      { src: "/upload/img/20250109/2001.png", alt: "年货节主会场海报" },
      { src: "/upload/img/20250109/2002.png", alt: "年货节活动规则" },
    ]);
  });

  it("finds the known sections by their Chinese headers and makes a slug section of an unknown header", () => {
    expect(issue.sections.map((s) => s.key)).toEqual([
      "ecommerce",
      "internet",
      slugForHeader("品牌快报"),
      "crossborder",
      "view",
    ]);
    expect(issue.sections.map((s) => s.title)).toEqual([
      "电商快报",
      "互联网快报",
      "品牌快报",
      "跨境快报",
      "今日老高观点",
    ]);
    expect(section("internet")?.items).toHaveLength(1);
  });

  it("keeps a title that starts with a decimal (10.5%) and trims trailing spaces and blank lines", () => {
    const items = section("ecommerce")?.items ?? [];
    expect(items.map((i) => [i.n, i.title])).toEqual([
      [1, "年货节首日：10.8万家店铺报名参与🎉"],
      [2, "10.5%的年货订单来自县域市场"],
      [3, "“<限时>”标签被叫停，虚假促销整治升级"],
    ]);
    expect(items[0]?.body).toMatch(/否则系统会自动撤下活动标签！$/);
    expect(items[0]?.body).not.toMatch(/\s$/);
  });

  it("keeps <, >, &, full-width punctuation and curly quotes in bodies exactly as written", () => {
    const body = section("ecommerce")?.items[1]?.body ?? "";
    expect(body).toContain("“订单量 > 100 单”且“客单价 < 50 元”的店铺划为“小而美”店铺 & 单独统计");
    expect(body).toContain("‘七天无理由退货’");
  });

  it("tolerates every way of writing a source, and an item with none", () => {
    const sources = issue.sections.flatMap((s) => s.items.map((i) => [i.title.slice(0, 6), i.source]));
    expect(sources).toEqual([
      ["年货节首日：", "新零售观察"],
      ["10.5%的", "县域电商研究"],
      ["“<限时>”", undefined],
      ["短视频平台上", "潮汐科技"], // 来源：X） with no opening bracket
      ["国货美妆品牌", "美妆内参"], // half-width colon
      ["老字号食品企", "Brand Weekly"], // (Source: X) in a Chinese issue
      ["跨境卖家年度", "出海参考"], // Source: X) with no opening bracket, on its own line
      ["东南亚平台“", "跨境卖家周刊"],
      ["拉美电商平台", "Global Seller News"], // half-width opening, full-width closing bracket
      ["跨境物流企业", "出海参考"],
    ]);
    const noSource = section("ecommerce")?.items[2];
    expect(noSource?.body).toMatch(/屡次违规的店铺扣除信用分。$/);
    for (const item of issue.sections.flatMap((s) => s.items)) expect(item.body).not.toMatch(/来源|Source/);
  });

  it("keeps a section longer than 4096 characters whole, paragraph by paragraph, with its image", () => {
    const cross = section("crossborder");
    const text = (cross?.items ?? []).map((i) => `${i.title}\n${i.body}`).join("\n");
    expect(text.length).toBeGreaterThan(4096);
    const survey = cross?.items[0];
    expect(survey?.body.split("\n")).toHaveLength(21);
    expect(survey?.body).toContain("\n（2）多平台经营");
    expect(survey?.images).toEqual([{ src: "/upload/img/20250109/2003.png", alt: "跨境卖家年度调研图表" }]);
    expect(cross?.items.map((i) => i.n)).toEqual([1, 2, 3, 4]);
  });

  it("keeps numbered lines in the editorial as its text and the footer lines apart", () => {
    const view = section("view");
    expect(view?.items).toEqual([]);
    expect(view?.body?.split("\n")).toEqual([
      "年货节最能看出一个商家的功力：不是看谁的标签喊得响，而是看谁的货真、价实、发得快。",
      "做促销之前，先问自己三个问题：",
      "1. 这个价格，活动结束以后还守得住吗？",
      "2. 这批货，物流高峰期送得到吗？",
      "3. 这些顾客，节后还会回来吗？",
      "三个问题都能答上来，再谈冲量也不迟 😄。",
    ]);
    expect(issue.footer).toEqual([
      "感谢您对老高电商俱乐部的关注与支持，转载请注明来源。",
      "点击申请加入老高电商俱乐部，全国各地的天猫、淘宝、京东及跨境平台商家均可申请入会！",
    ]);
  });
});

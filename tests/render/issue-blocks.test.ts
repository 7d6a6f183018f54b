import { describe, expect, it } from "vitest";
import { Issue, type Section } from "../../src/domain/issue.ts";
import {
  footerBlocks,
  formatIssueDate,
  headlineBlocks,
  sectionBlocks,
  sectionDisplayName,
  sourceText,
} from "../../src/render/issue-blocks.ts";

const issue = Issue.parse({
  date: "2018-01-08",
  title: "1月8日电商晚报",
  hashtag: "老高电商快报",
  headlines: [
    { n: 2, text: "第二条导读" },
    { n: 1, text: "第一条导读" },
  ],
  images: [{ src: "/upload/img/20180108/lead.png" }],
  sections: [
    {
      key: "crossborder",
      title: "跨境快报",
      items: [
        {
          n: 1,
          title: "甲",
          body: "第一段\n\n第二段",
          source: "雨果网",
          images: [{ src: "/a.png", alt: "图" }],
        },
        { n: 2, title: "乙" },
      ],
    },
    { key: "view", title: "今日老高观点", body: "观点一。\n观点二。" },
  ],
  footer: ["感谢关注。", "  ", "申请加入老高电商俱乐部。"],
});

describe("issue blocks", () => {
  it("turns a section's items into title, paragraphs, source and images, with a break between items", () => {
    expect(sectionBlocks(issue.sections[0] as Section, "zh-CN")).toEqual([
      { kind: "heading", text: "跨境快报", key: "crossborder" },
      { kind: "title", n: 1, text: "甲" },
      { kind: "paragraph", text: "第一段" },
      { kind: "paragraph", text: "第二段" },
      { kind: "source", text: "来源：雨果网" },
      { kind: "image", src: "/a.png", alt: "图" },
      { kind: "break" },
      { kind: "title", n: 2, text: "乙" },
    ]);
  });

  it("gives the editorial its running text as paragraphs", () => {
    expect(sectionBlocks(issue.sections[1] as Section, "en")).toEqual([
      { kind: "heading", text: "今日老高观点", key: "view" },
      { kind: "paragraph", text: "观点一。" },
      { kind: "paragraph", text: "观点二。" },
    ]);
  });

  it("opens an issue with the hashtag title line, the date, the numbered lead and the lead images", () => {
    expect(headlineBlocks(issue, "zh-CN")).toEqual([
      { kind: "heading", text: "#老高电商快报# 【1月8日电商晚报】" },
      { kind: "note", text: "2018年1月8日 星期一" },
      { kind: "list", items: ["第一条导读", "第二条导读"], ordered: true },
      { kind: "image", src: "/upload/img/20180108/lead.png" },
    ]);
    expect(headlineBlocks({ ...issue, hashtag: undefined }, "en").slice(0, 2)).toEqual([
      { kind: "heading", text: "1月8日电商晚报" },
      { kind: "note", text: "Monday, 8 January 2018" },
    ]);
  });

  it("keeps the footer's non-empty lines as notes", () => {
    expect(footerBlocks(issue)).toEqual([
      { kind: "note", text: "感谢关注。" },
      { kind: "note", text: "申请加入老高电商俱乐部。" },
    ]);
  });

  it("localises sources, dates and the bot's names for sections", () => {
    expect(sourceText("新浪科技", "zh-CN")).toBe("来源：新浪科技");
    expect(sourceText("Sina Tech", "en")).toBe("Source: Sina Tech");
    expect(formatIssueDate("2017-12-25", "zh-CN")).toBe("2017年12月25日 星期一");
    expect(formatIssueDate("2020-02-29", "en")).toBe("Saturday, 29 February 2020");
    expect(sectionDisplayName({ key: "crossborder", title: "Cross-border newsletter" }, "zh-CN")).toBe(
      "跨境快报",
    );
    expect(sectionDisplayName({ key: "crossborder", title: "跨境快报" }, "en")).toBe("Cross-border");
    expect(sectionDisplayName({ key: "brand-news", title: "品牌快报" }, "en")).toBe("品牌快报");
  });
});

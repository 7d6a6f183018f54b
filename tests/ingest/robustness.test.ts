import { describe, expect, it } from "vitest";
import type { Issue } from "../../src/domain/issue.ts";
import { IngestError } from "../../src/ingest/errors.ts";
import { splitImages } from "../../src/ingest/lines.ts";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";
import { readFixture, SHANGHAI } from "./fixtures.ts";

const parse = (lines: string[]) => parseNewsletterText(lines.join("\n"), SHANGHAI);
const TITLE = "#老高电商快报# 【1月8日电商晚报】1.第一条；2.第二条。";

describe("issues as real editors write them", () => {
  it("ignores blank lines, trailing spaces, tabs, full-width spaces and zero-width spaces", () => {
    const clean = parse([TITLE, "电商快报：", "1、新闻一", "正文一。（来源：甲）", "2、新闻二", "正文二。"]);
    const messy = parse([
      "",
      `  ${TITLE}\t `,
      "",
      "\u3000电商快报：  ",
      "",
      "1、新闻一\u200B",
      "\t正文一。（来源：甲）   ",
      "",
      "",
      "2、 新闻二 ",
      "正文二。\u3000",
      "",
    ]);
    expect(messy).toEqual(clean);
  });

  it("accepts items numbered 1. 1、 1． and full-width digits, and numbers of two digits", () => {
    const items = Array.from({ length: 12 }, (_, i) => [
      `${i + 1}${[".", "、", "．"][i % 3]}新闻${i + 1}`,
      "正文。",
    ]);
    const issue = parse([
      TITLE,
      "电商快报：",
      ...items.flat(),
      "互联网快报：",
      "１．全角数字的新闻",
      "正文。",
    ]);
    expect(issue.sections[0]?.items.map((i) => [i.n, i.title])).toEqual(
      Array.from({ length: 12 }, (_, i) => [i + 1, `新闻${i + 1}`]),
    );
    expect(issue.sections[1]?.items[0]).toMatchObject({ n: 1, title: "全角数字的新闻" });
  });

  it("does not take a body line that starts with a decimal for a new item", () => {
    const issue = parse([
      TITLE,
      "电商快报：",
      "1、用户规模公布",
      "5.2亿用户中，三成来自县域。",
      "10.8万家店铺参与。",
    ]);
    expect(issue.sections[0]?.items).toHaveLength(1);
    expect(issue.sections[0]?.items[0]?.body).toBe("5.2亿用户中，三成来自县域。\n10.8万家店铺参与。");
  });

  it("attaches images to the lead, the section or the item they follow, several on a line too", () => {
    const issue = parse([
      TITLE,
      "![a](/upload/img/20250108/1.png)![b](/upload/img/20250108/2.png)",
      "电商快报：",
      "![section](/upload/img/20250108/3.png)",
      "1、新闻一",
      "![c](/upload/img/20250108/4.png)",
      '正文一。![inline](https://example.invalid/5.png "caption")',
      "互联网快报：",
      "1、新闻二 ![d](/upload/img/20250108/6.png)",
    ]);
    expect(issue.images.map((i) => i.alt)).toEqual(["a", "b"]);
    expect(issue.sections[0]?.images.map((i) => i.alt)).toEqual(["section"]);
    expect(issue.sections[0]?.items[0]?.images.map((i) => i.src)).toEqual([
      "/upload/img/20250108/4.png",
      "https://example.invalid/5.png",
    ]);
    expect(issue.sections[0]?.items[0]?.body).toBe("正文一。");
    expect(issue.sections[1]?.items[0]).toMatchObject({ title: "新闻二", images: [{ alt: "d" }] });
  });

  it("reads an image whose alt is a whole pasted title line, brackets and all", () => {
    const alt = `#Laogao E-commerce Newsletter# [E-commerce Evening News on January 8] ${"1. A long lead; ".repeat(40)}`;
    const issue = parse([TITLE, `![${alt}](/upload/img/20250108/1.png)`, "电商快报：", "1、甲"]);
    expect(issue.images).toEqual([{ src: "/upload/img/20250108/1.png", alt: alt.trim() }]);
  });

  it("leaves a broken image as text where it is", () => {
    const issue = parse([TITLE, "电商快报：", "1、甲", "正文 ![坏图](没有右括号 and ![](/ok.png)"]);
    expect(issue.sections[0]?.items[0]?.body).toBe("正文 ![坏图](没有右括号 and");
    expect(issue.sections[0]?.items[0]?.images).toEqual([{ src: "/ok.png", alt: "" }]);
  });

  it("takes an item's title from the next line when the number stands alone", () => {
    const issue = parse([TITLE, "电商快报：", "1.", "标题在下一行", "正文。（来源：甲）"]);
    expect(issue.sections[0]?.items[0]).toMatchObject({
      n: 1,
      title: "标题在下一行",
      body: "正文。",
      source: "甲",
    });
  });

  it("takes a source off a title-only item", () => {
    const issue = parse([TITLE, "电商快报：", "1、只有标题的新闻（来源：甲）", "2、另一条"]);
    expect(issue.sections[0]?.items[0]).toMatchObject({ title: "只有标题的新闻", body: "", source: "甲" });
    expect(issue.sections[0]?.items[1]).toMatchObject({ title: "另一条", body: "" });
  });

  it("keeps a colon line inside a body as text when no item follows it", () => {
    const issue = parse([
      TITLE,
      "电商快报：",
      "1、规则修订",
      "具体修订如下：",
      "保证金下调一半。",
      "2、下一条",
    ]);
    expect(issue.sections).toHaveLength(1);
    expect(issue.sections[0]?.items[0]?.body).toBe("具体修订如下：\n保证金下调一半。");
  });

  it("keeps a numbered list inside an item's body in the body", () => {
    const issue = parse([
      TITLE,
      "电商快报：",
      "1、平台修订交易规则",
      "平台今天公布了规则修订，具体修订如下：",
      "1、保证金下调一半；",
      "2、结算周期缩短为七天；",
      "3、新增极速退款。",
      "新规则下月生效。（来源：甲）",
      "2、第二条新闻",
      "正文。",
    ]);
    expect(issue.sections).toHaveLength(1);
    expect(issue.sections[0]?.items.map((i) => [i.n, i.title])).toEqual([
      [1, "平台修订交易规则"],
      [2, "第二条新闻"],
    ]);
    expect(issue.sections[0]?.items[0]?.body.split("\n")).toEqual([
      "平台今天公布了规则修订，具体修订如下：",
      "1、保证金下调一半；",
      "2、结算周期缩短为七天；",
      "3、新增极速退款。",
      "新规则下月生效。",
    ]);
    expect(issue.sections[0]?.items[0]?.source).toBe("甲");
  });

  it("takes a short colon line inside a body for the list it introduces, not for a new section", () => {
    const issue = parse([
      TITLE,
      "电商快报：",
      "1、规则修订",
      "正文。",
      "具体如下：",
      "1、第一点",
      "2、第二点",
    ]);
    expect(issue.sections).toHaveLength(1);
    expect(issue.sections[0]?.items).toHaveLength(1);
    expect(issue.sections[0]?.items[0]?.body).toBe("正文。\n具体如下：\n1、第一点\n2、第二点");
  });

  it("opens an unknown section after an item that ended with its source, or with a header word", () => {
    const issue = parse([
      TITLE,
      "电商快报：",
      "1、甲",
      "正文。（来源：乙）",
      "行业盘点：",
      "1、丙",
      "正文。",
      "品牌观察：",
      "1、丁",
    ]);
    expect(issue.sections.map((s) => s.title)).toEqual(["电商快报", "行业盘点", "品牌观察"]);
  });

  it("recognises bracketed and colon-less known headers, half- and full-width, any case", () => {
    const issue = parse([
      TITLE,
      "【电商快报】",
      "1、甲",
      "INTERNET NEWSLETTER：",
      "1、乙",
      "跨境快报",
      "1、丙",
      "Today's view:",
      "观点正文。",
    ]);
    expect(issue.sections.map((s) => s.key)).toEqual(["ecommerce", "internet", "crossborder", "view"]);
  });

  it("makes sections of unknown headers, English and Chinese", () => {
    const issue = parse([TITLE, "电商快报：", "1、甲", "Brand news:", "1. B", "品牌快报：", "1、丙"]);
    expect(issue.sections.map((s) => [s.key, s.title])).toEqual([
      ["ecommerce", "电商快报"],
      ["brand-news", "Brand news"],
      [expect.stringMatching(/^s-[a-z0-9]+$/), "品牌快报"],
    ]);
  });

  it("keeps lines between a header and its first item as the section's introduction", () => {
    const issue = parse([TITLE, "电商快报：", "本栏目由某某赞助。", "1、甲"]);
    expect(issue.sections[0]?.body).toBe("本栏目由某某赞助。");
    expect(issue.sections[0]?.items).toHaveLength(1);
  });

  it("continues the lead on the next line when it carries the next number", () => {
    const issue = parse([TITLE, "3.第三条；4.第四条。", "电商快报：", "1、甲"]);
    expect(issue.headlines.map((h) => [h.n, h.text])).toEqual([
      [1, "第一条"],
      [2, "第二条"],
      [3, "第三条"],
      [4, "第四条"],
    ]);
  });

  it("splits a lead written with spaces instead of semicolons, but not at numbers inside a headline", () => {
    const spaced = parse([
      "#Tag# [Evening News on May 2] 1. iPhone 8. sales start 2. Prices rise 10. percent 3. Done",
      "View:",
      "x",
    ]);
    expect(spaced.headlines).toEqual([
      { n: 1, text: "iPhone 8. sales start" },
      { n: 2, text: "Prices rise 10. percent" },
      { n: 3, text: "Done" },
    ]);
    const single = parse(["#Tag# [Evening News on May 2] Only one lead, unnumbered.", "View:", "x"]);
    expect(single.headlines).toEqual([{ n: 1, text: "Only one lead, unnumbered" }]);
    const none = parse(["#Tag# [Evening News on May 2]", "View:", "x"]);
    expect(none.headlines).toEqual([]);
  });

  it("reads a title line with a hashtag and no brackets, or brackets and no hashtag", () => {
    const bare = parse(["#老高电商快报# 1月8日电商晚报：1.甲；2.乙", "电商快报：", "1、甲"]);
    expect(bare).toMatchObject({
      hashtag: "老高电商快报",
      title: "1月8日电商晚报",
      headlines: [{ text: "甲" }, { text: "乙" }],
    });
    const noTag = parse(["【1月8日电商晚报】1.甲", "电商快报：", "1、甲"]);
    expect(noTag.hashtag).toBeUndefined();
    expect(noTag.title).toBe("1月8日电商晚报");
  });

  it("fills the lead from a 导读 section when the title line has none", () => {
    const issue = parse([
      "#老高电商快报# 【1月8日电商晚报】",
      "导读：",
      "1、甲",
      "2、乙",
      "电商快报：",
      "1、甲",
    ]);
    expect(issue.headlines).toEqual([
      { n: 1, text: "甲" },
      { n: 2, text: "乙" },
    ]);
  });

  it("finds the footer after the last item when there is no editorial", () => {
    const issue = parse([
      TITLE,
      "电商快报：",
      "1、甲",
      "正文。（来源：乙）",
      "感谢您的关注与支持，转载请注明出处。",
    ]);
    expect(issue.sections[0]?.items[0]?.body).toBe("正文。");
    expect(issue.footer).toEqual(["感谢您的关注与支持，转载请注明出处。"]);
  });

  it("takes copyright and 'read more' lines after the editorial for the footer", () => {
    const issue = parse([
      TITLE,
      "电商快报：",
      "1、甲",
      "今日观点：",
      "观点。",
      "版权所有 © 老高电商俱乐部",
      "点击阅读原文",
    ]);
    expect(issue.sections[1]?.body).toBe("观点。");
    expect(issue.footer).toEqual(["版权所有 © 老高电商俱乐部", "点击阅读原文"]);
  });

  it("does not cut the editorial at a sentence that only mentions reprints or joining", () => {
    const issue = parse([
      TITLE,
      "电商快报：",
      "1、甲",
      "今日观点：",
      "好文章被大量转载是常事。",
      "欢迎更多商家加入跨境行列，但先算清账。",
    ]);
    expect(issue.sections[1]?.body?.split("\n")).toHaveLength(2);
    expect(issue.footer).toEqual([]);
  });

  it("keeps an editorial with no footer whole", () => {
    const issue = parse([TITLE, "电商快报：", "1、甲", "今日观点：", "第一段。", "第二段。"]);
    expect(issue.sections[1]?.body).toBe("第一段。\n第二段。");
    expect(issue.footer).toEqual([]);
  });
});

/** Letters (Han characters and Latin letters): what text an issue carries, without numbers and punctuation. */
function letters(text: string): number {
  return (text.match(/[\p{Script=Han}A-Za-z]/gu) ?? []).length;
}

/** Every piece of text a parsed issue keeps. */
function textOf(issue: Issue): string {
  return [
    issue.title,
    issue.hashtag ?? "",
    ...issue.headlines.map((h) => h.text),
    ...issue.sections.flatMap((s) => [
      s.title,
      s.body ?? "",
      ...s.items.flatMap((i) => [i.title, i.body, i.source ?? ""]),
    ]),
    ...issue.footer,
  ].join("\n");
}

/**
 * How many letters parsing dropped: only the word before each source ("Source", "来源") may go, so
 * the loss is between 0 and 6 letters per source.
 */
function lettersLost(text: string, issue: Issue): { lost: number; sources: number } {
  const input = text
    .split("\n")
    .map((l) => splitImages(l).text)
    .join("\n");
  const sources = issue.sections.flatMap((s) => s.items).filter((i) => i.source).length;
  return { lost: letters(input) - letters(textOf(issue)), sources };
}

describe("no text is lost or invented", () => {
  it.each([
    ["en-2018-01-08.txt", 8 * "Source".length],
    ["zh-edge-2025-01-09.txt", 2 * "Source".length + 7 * "来源".length],
  ])("%s keeps every letter but the source words", (name, sourceWords) => {
    const text = readFixture(name);
    expect(lettersLost(text, parseNewsletterText(text, SHANGHAI)).lost).toBe(sourceWords);
  });
});

/** A small seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK = [
  "",
  "：",
  ":",
  "1.",
  "１０、",
  "(Source:",
  "（来源：",
  "）",
  "![",
  "](",
  "/upload/img/2025",
  "#",
  "【",
  "】",
  "😄",
  "\uFEFF",
  "\r",
  "\u0000",
  "<b>",
  "&amp;",
];

describe("any damage to an issue gives a parsed issue or an IngestError, never another exception", () => {
  const bases = ["en-2018-01-08.txt", "zh-edge-2025-01-09.txt"].map((n) => readFixture(n).split("\n"));

  it("holds for 400 randomly damaged issues, and what parses keeps all its text", () => {
    const rnd = random(20250109);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    let refused = 0;
    for (let round = 0; round < 400; round++) {
      const lines = [...pick(bases)];
      const edits = 1 + Math.floor(rnd() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * lines.length);
        const line = lines[at] ?? "";
        const cut = Math.floor(rnd() * (line.length + 1));
        switch (Math.floor(rnd() * 5)) {
          case 0:
            lines.splice(at, 1);
            break;
          case 1:
            lines.splice(at, 0, line);
            break;
          case 2:
            lines[at] = line.slice(0, cut) + pick(JUNK) + line.slice(cut);
            break;
          case 3:
            lines[at] = line.slice(0, cut);
            break;
          default:
            lines.splice(at, 0, pick(JUNK));
        }
      }
      const text = lines.join("\n");
      let issue: Issue;
      try {
        issue = parseNewsletterText(text, SHANGHAI);
      } catch (err) {
        if (!(err instanceof IngestError)) throw new Error(`round ${round}: ${String(err)}\n${text}`);
        expect(err.message).toMatch(/^(line \d+|date|tz)\b/);
        refused++;
        continue;
      }
      const { lost, sources } = lettersLost(text, issue);
      if (lost < 0 || lost > 6 * sources) throw new Error(`round ${round}: ${lost} letters lost\n${text}`);
    }
    // Some damage must be refused (the test is not vacuous) and most must still parse (the parser tolerates).
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(400);
  });

  it("holds for random text", () => {
    const rnd = random(7);
    const alphabet = "#【】[]1.、．:：()（）来源Source \n![]()/upload/img/20250101/x.png电商快报跨境快报😄";
    const chars = [...alphabet];
    for (let round = 0; round < 300; round++) {
      const text = Array.from(
        { length: Math.floor(rnd() * 300) },
        () => chars[Math.floor(rnd() * chars.length)],
      ).join("");
      try {
        parseNewsletterText(text, SHANGHAI);
      } catch (err) {
        if (!(err instanceof IngestError))
          throw new Error(`round ${round}: ${String(err)}\n${JSON.stringify(text)}`);
      }
    }
  });
});

describe("size", () => {
  it("parses an issue of a million characters (500 items) in well under two seconds", () => {
    const item = (n: number) => [
      `${n}、第${n}条新闻的标题`,
      `${"这是一段很长的正文，记录了当天的电商新闻。".repeat(100)}（来源：测试）`,
    ];
    const lines = [TITLE, "电商快报：", ...Array.from({ length: 500 }, (_, i) => item(i + 1)).flat()];
    const text = lines.join("\n");
    const started = performance.now();
    const issue = parseNewsletterText(text, SHANGHAI);
    const ms = performance.now() - started;
    expect(issue.sections[0]?.items).toHaveLength(500);
    expect(issue.sections[0]?.items[499]?.source).toBe("测试");
    expect(ms).toBeLessThan(2000);
  });

  it.each([
    ["unclosed image brackets", "![".repeat(100_000)],
    ["image alts that never close", "![a](".repeat(40_000)],
    ["image titles that never close", '![a](x "'.repeat(25_000)],
    ["image openers before one long target", `${"![".repeat(50_000)}](${"x".repeat(100_000)}`],
    ["source words", "来源：".repeat(70_000)],
    ["item numbers", "1、".repeat(100_000)],
  ])("stays fast on a 200 KB line of %s", (_what, line) => {
    const text = [TITLE, "电商快报：", "1、甲", line, "(Source: x"].join("\n");
    const started = performance.now();
    parseNewsletterText(text, SHANGHAI);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("headers written in other ways", () => {
  it("finds known sections behind emoji, bullets, Chinese enumeration and other 'news' words", () => {
    const issue = parse([
      TITLE,
      "————————",
      "📦 一、电商快报：",
      "1、甲",
      "***",
      "▶（二）IT news:",
      "1. B",
      "跨境资讯：",
      "1、丙",
      "老高观点：",
      "观点正文。",
    ]);
    expect(issue.sections.map((s) => [s.key, s.title])).toEqual([
      ["ecommerce", "电商快报"],
      ["internet", "IT news"],
      ["crossborder", "跨境资讯"],
      ["view", "老高观点"],
    ]);
  });

  it("finds known sections by a reader's word, spaced or hyphenated any way", () => {
    const issue = parse([
      TITLE,
      "E commerce:",
      "1. A",
      "Cross Border Newsletter:",
      "1. B",
      "互联网：",
      "1、丙",
    ]);
    expect(issue.sections.map((s) => s.key)).toEqual(["ecommerce", "crossborder", "internet"]);
    expect(parse([TITLE, "电商：", "1、甲"]).sections[0]?.key).toBe("ecommerce");
    const twoLetters = parse([TITLE, "电商快报：", "1、甲", "IT:", "正文。"]);
    expect(twoLetters.sections).toHaveLength(1);
    expect(twoLetters.sections[0]?.items[0]?.body).toBe("IT:\n正文。");
  });

  it("reads a header with its first words on the same line", () => {
    const issue = parse([
      TITLE,
      "电商快报：1、甲",
      "正文。（来源：乙）",
      "今日老高观点：做生意最怕的是乱。",
      "第二段。",
      "感谢您的关注与支持，转载请注明出处。",
    ]);
    expect(issue.sections[0]?.items[0]).toMatchObject({ n: 1, title: "甲", body: "正文。", source: "乙" });
    expect(issue.sections[1]).toMatchObject({
      key: "view",
      title: "今日老高观点",
      body: "做生意最怕的是乱。\n第二段。",
    });
    expect(issue.footer).toEqual(["感谢您的关注与支持，转载请注明出处。"]);
    const en = parse([
      TITLE,
      "电商快报：",
      "1、甲",
      "Today’s Lao Gao’s view: Order beats speed.",
      "Thank you for reading.",
    ]);
    expect(en.sections[1]).toMatchObject({ key: "view", body: "Order beats speed." });
    expect(en.footer).toEqual(["Thank you for reading."]);
  });

  it("keeps a short header word with text after it in the body (观点：…)", () => {
    const issue = parse([TITLE, "电商快报：", "1、甲", "观点：市场会回暖。"]);
    expect(issue.sections).toHaveLength(1);
    expect(issue.sections[0]?.items[0]?.body).toBe("观点：市场会回暖。");
  });

  it("does not take an expert's comment inside an item for the editorial", () => {
    const issue = parse([TITLE, "电商快报：", "1、甲", "专家点评：", "这说明市场在变。", "2、乙"]);
    expect(issue.sections).toHaveLength(1);
    expect(issue.sections[0]?.items[0]?.body).toBe("专家点评：\n这说明市场在变。");
  });

  it("joins a lead line the editor's tool wrapped in the middle of a headline", () => {
    const zh = parse([
      "#老高电商快报# 【1月8日电商晚报】1.阿里云与宝马",
      "达成合作；2.第二条",
      "；3.第三条。",
      "电商快报：",
      "1、甲",
    ]);
    expect(zh.headlines).toEqual([
      { n: 1, text: "阿里云与宝马达成合作" },
      { n: 2, text: "第二条" },
      { n: 3, text: "第三条" },
    ]);
    const en = parse([
      "#Tag# [Evening News on May 2] 1. Alibaba Cloud and BMW have",
      "reached cooperation; 2. More.",
      "View:",
      "x",
    ]);
    expect(en.headlines.map((h) => h.text)).toEqual([
      "Alibaba Cloud and BMW have reached cooperation",
      "More",
    ]);
  });

  it("reads a title line with its hashtag unclosed, or with neither hashtag nor brackets", () => {
    const unclosed = parse(["#老高电商快报 【1月8日电商晚报】1.甲；2.乙", "电商快报：", "1、甲"]);
    expect(unclosed).toMatchObject({ hashtag: "老高电商快报", title: "1月8日电商晚报" });
    const plain = parse(["1月8日电商晚报：1.甲；2.乙", "电商快报：", "1、甲"]);
    expect(plain).toMatchObject({ title: "1月8日电商晚报", headlines: [{ text: "甲" }, { text: "乙" }] });
    expect(plain.hashtag).toBeUndefined();
  });

  it("takes a cover image above the title line as the issue's image", () => {
    const issue = parse(["![cover](/upload/img/20250107/0.png)", "", TITLE, "电商快报：", "1、甲"]);
    expect(issue.title).toBe("1月8日电商晚报");
    expect(issue.images).toEqual([{ src: "/upload/img/20250107/0.png", alt: "cover" }]);
    expect(issue.date).toBe("2025-01-07");
  });

  it("reads markdown-style headers (## or bold) as headers", () => {
    const issue = parse([TITLE, "## 电商快报", "1、甲", "**跨境快报：**", "1、乙"]);
    expect(issue.sections.map((s) => s.key)).toEqual(["ecommerce", "crossborder"]);
  });

  it("reads a hashtag written after the bracketed title", () => {
    const issue = parse(["【1月8日电商晚报】#老高电商快报# 1.甲；2.乙", "电商快报：", "1、甲"]);
    expect(issue.hashtag).toBe("老高电商快报");
    expect(issue.headlines.map((h) => h.text)).toEqual(["甲", "乙"]);
  });
});

import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { OutPart } from "../../src/core/ports/index.ts";
import { Section } from "../../src/domain/issue.ts";
import { escapeHtml } from "../../src/platforms/telegram/escape.ts";
import { renderTelegram } from "../../src/platforms/telegram/render.ts";
import { sectionBlocks } from "../../src/render/issue-blocks.ts";
import { htmlProblems, stripLabels, telegramLength, visibleText } from "./telegram-check.ts";

type SectionInput = z.input<typeof Section>;
type TextPart = Extract<OutPart, { type: "text" }>;
const textParts = (parts: OutPart[]) => parts.filter((p): p is TextPart => p.type === "text");
const render = (s: SectionInput, limits?: { text?: number; caption?: number }) =>
  renderTelegram({ blocks: sectionBlocks(Section.parse(s), "zh-CN") }, limits);

/** Chinese prose of about `n` characters, in short sentences. */
function prose(n: number, tag = ""): string {
  let s = "";
  for (let i = 0; s.length < n; i++) s += `${tag}平台商家第${i}次调整了物流与支付规则。`;
  return s;
}

describe("renderTelegram", () => {
  it("escapes <, > and & in headings, titles, bodies, sources and captions exactly once", () => {
    const parts = render({
      key: "crossborder",
      title: "跨境 <快报> & 更多",
      items: [
        {
          n: 1,
          title: "A&B <Prime> 会员日",
          body: "价格 < 100 & 销量 > 1000，&amp; 不是实体",
          source: "R&D <网>",
          images: [{ src: "/upload/img/20180108/1.png" }],
        },
      ],
    });
    const [text, image] = parts;
    expect(text?.type).toBe("text");
    const html = text?.type === "text" ? text.text : "";
    expect(html).toContain("<b>跨境 &lt;快报&gt; &amp; 更多</b>");
    expect(html).toContain("<b>1. A&amp;B &lt;Prime&gt; 会员日</b>");
    expect(html).toContain("价格 &lt; 100 &amp; 销量 &gt; 1000，&amp;amp; 不是实体");
    expect(html).toContain("<i>来源：R&amp;D &lt;网&gt;</i>");
    expect(html).not.toMatch(/&amp;(lt|gt);/);
    expect(htmlProblems(html)).toEqual([]);
    expect(image).toMatchObject({
      type: "image",
      caption: "1. A&amp;B &lt;Prime&gt; 会员日",
      format: "html",
    });
    expect(escapeHtml("<&>")).toBe("&lt;&amp;&gt;");
  });

  it("sends a section of three short items as one part with no part number", () => {
    const parts = render({
      key: "ecommerce",
      title: "电商快报",
      items: [1, 2, 3].map((n) => ({ n, title: `第${n}条`, body: "一段话。", source: "新浪科技" })),
    });
    expect(parts).toHaveLength(1);
    const html = (parts[0] as TextPart).text;
    expect(html).not.toMatch(/\(\d+\/\d+\)/);
    expect(html).toBe(
      [
        "<b>电商快报</b>",
        "",
        "<b>1. 第1条</b>\n一段话。\n<i>来源：新浪科技</i>",
        "",
        "<b>2. 第2条</b>\n一段话。\n<i>来源：新浪科技</i>",
        "",
        "<b>3. 第3条</b>\n一段话。\n<i>来源：新浪科技</i>",
      ].join("\n"),
    );
  });

  it("splits a long section between items, keeping each item whole and numbering the parts", () => {
    const items = [1, 2, 3, 4, 5, 6].map((n) => ({
      n,
      title: `第${n}条`,
      body: prose(1500, `[${n}]`),
      source: `来源${n}`,
    }));
    const parts = textParts(render({ key: "internet", title: "互联网快报", items }));
    expect(parts.length).toBeGreaterThan(1);
    const { bodies, problems } = stripLabels(parts.map((p) => visibleText(p.text)));
    expect(problems).toEqual([]);
    expect(parts[0]?.text.startsWith(`(1/${parts.length})\n`)).toBe(true);
    for (const item of items) {
      const holders = bodies.filter((b) => b.includes(`${item.n}. 第${item.n}条`));
      expect(holders).toHaveLength(1);
      expect(holders[0]).toContain(item.body);
      expect(holders[0]).toContain(`来源：${item.source}`);
    }
    for (const p of parts) expect(telegramLength(p.text)).toBeLessThanOrEqual(4096);
  });

  it("splits an item longer than a message between its paragraphs", () => {
    const paragraphs = [prose(2000, "甲"), prose(2000, "乙"), prose(2000, "丙")];
    const parts = textParts(
      render({ key: "view", title: "观点", items: [{ n: 1, title: "长文", body: paragraphs.join("\n") }] }),
    );
    expect(parts.length).toBe(2);
    const bodies = parts.map((p) => visibleText(p.text));
    for (const para of paragraphs) expect(bodies.filter((b) => b.includes(para))).toHaveLength(1);
  });

  it("splits a paragraph longer than a message after a sentence", () => {
    const parts = textParts(
      render({ key: "view", title: "观点", items: [{ n: 1, title: "长文", body: prose(10_000) }] }),
    );
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts.slice(0, -1)) expect(visibleText(p.text).trimEnd()).toMatch(/。$/);
  });

  it("closes and re-opens a bold title that is cut between parts", () => {
    const parts = textParts(
      render(
        { key: "view", title: "观点", items: [{ n: 1, title: "标".repeat(300), body: "正文。" }] },
        { text: 100 },
      ),
    );
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) {
      expect(htmlProblems(p.text)).toEqual([]);
      expect(telegramLength(p.text)).toBeLessThanOrEqual(100);
    }
    // No sentence end fits after the heading, so the title starts in part 2 and runs on in part 3.
    expect(parts[1]?.text).toMatch(/^\(2\/\d+\)\n<b>1\. 标+<\/b>$/);
    expect(parts[2]?.text).toMatch(/^\(3\/\d+\)\n<b>标+<\/b>$/);
  });

  it("cuts text with no sentence end between whole emoji, never inside one", () => {
    const family = "👨‍👩‍👧‍👦";
    const parts = textParts(
      render({ key: "view", title: "E", items: [{ n: 1, title: "t", body: family.repeat(600) }] }),
    );
    const { bodies } = stripLabels(parts.map((p) => visibleText(p.text)));
    const emojiRuns = bodies.flatMap((b) => b.split("\n")).filter((line) => line.includes("👨"));
    expect(parts.length).toBeGreaterThan(1);
    for (const run of emojiRuns) expect(run).toMatch(/^(👨‍👩‍👧‍👦)+$/u);
    expect(emojiRuns.join("")).toBe(family.repeat(600));
  });

  it("places an image after the part holding its item, captioned with the item title cut to 1024", () => {
    const longTitle = `${"标题".repeat(600)}尾`;
    const parts = render({
      key: "ecommerce",
      title: "电商快报",
      items: [
        { n: 1, title: "甲", body: prose(3000), images: [{ src: "a.png" }] },
        { n: 2, title: longTitle, body: prose(2000), images: [{ src: "b.png" }] },
      ],
    });
    expect(parts.map((p) => p.type)).toEqual(["text", "image", "text", "image"]);
    expect((parts[0] as TextPart).text).toContain("<b>1. 甲</b>");
    expect(parts[1]).toMatchObject({ src: "a.png", caption: "1. 甲" });
    const caption = parts[3]?.type === "image" ? (parts[3].caption ?? "") : "";
    expect(telegramLength(caption)).toBe(1024);
    expect(caption.startsWith("2. 标题标题")).toBe(true);
    expect(caption.endsWith("…")).toBe(true);
  });

  it("puts buttons on the last text part and renders commands, lists and notes", () => {
    const parts = renderTelegram({
      blocks: [
        { kind: "heading", text: "今日快报" },
        { kind: "list", items: ["甲 <1>", "乙"], ordered: true },
        { kind: "list", items: ["丙"] },
        { kind: "command", text: "/section crossborder", description: "跨境快报" },
        { kind: "note", text: "转载请注明出处" },
        { kind: "image", src: "x.png" },
      ],
      buttons: [[{ text: "跨境快报", data: "/section crossborder" }], []],
    });
    expect(parts.map((p) => p.type)).toEqual(["text", "image"]);
    const text = parts[0] as TextPart;
    expect(text.text).toBe(
      "<b>今日快报</b>\n\n1. 甲 &lt;1&gt;\n2. 乙\n• 丙\n\n<code>/section crossborder</code> — 跨境快报\n\n转载请注明出处",
    );
    expect(text.buttons).toEqual([[{ text: "跨境快报", data: "/section crossborder" }]]);
    expect(parts[1]).toEqual({ type: "image", src: "x.png", format: "html" });
  });

  it("gives a reply of images only a short text to carry its buttons", () => {
    const parts = renderTelegram({
      blocks: [{ kind: "image", src: "x.png" }],
      buttons: [[{ text: "更多", data: "/today" }]],
    });
    expect(parts.map((p) => p.type)).toEqual(["image", "text"]);
    expect(parts[1]).toMatchObject({ buttons: [[{ text: "更多", data: "/today" }]] });
  });

  it("never fails a reply over bad input: a lone surrogate becomes U+FFFD, an unknown block is skipped", () => {
    const blocks = [
      { kind: "paragraph", text: "坏\ud83d字" },
      { kind: "marquee", text: "?" },
      { kind: "title", text: "   " },
    ] as unknown as Parameters<typeof renderTelegram>[0]["blocks"];
    expect(renderTelegram({ blocks })).toEqual([{ type: "text", text: "坏\ufffd字", format: "html" }]);
  });
});

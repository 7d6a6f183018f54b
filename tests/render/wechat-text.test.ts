import { describe, expect, it } from "vitest";
import type { OutPart } from "../../src/core/ports/index.ts";
import { Section } from "../../src/domain/issue.ts";
import { renderWechat } from "../../src/platforms/wechat/render.ts";
import { sectionBlocks } from "../../src/render/issue-blocks.ts";
import { codePointLength } from "../../src/render/split.ts";
import { stripLabels } from "./telegram-check.ts";

type TextPart = Extract<OutPart, { type: "text" }>;
const textParts = (parts: OutPart[]) => parts.filter((p): p is TextPart => p.type === "text");

const crossborder = Section.parse({
  key: "crossborder",
  title: "跨境快报",
  items: [
    {
      n: 1,
      title: "亚马逊 <Prime> & 会员日",
      body: "第一段。\n第二段。",
      source: "雨果网",
      images: [{ src: "/upload/img/20180108/1.png" }],
    },
    { n: 2, title: "Shopee 上新 🎉", body: "正文。" },
  ],
});

describe("renderWechat", () => {
  it("writes clean plain text: 【heading】, numbered titles, bracketed sources, blank lines between items", () => {
    const parts = renderWechat({ blocks: sectionBlocks(crossborder, "zh-CN") });
    expect(parts).toEqual([
      {
        type: "text",
        format: "plain",
        text: "🚢【跨境快报】\n\n1. 亚马逊 <Prime> & 会员日\n第一段。\n第二段。\n（来源：雨果网）\n\n2. Shopee 上新 🎉\n正文。",
      },
      { type: "image", src: "/upload/img/20180108/1.png", format: "plain" },
    ]);
  });

  it("brackets an English source with half-width brackets and leaves unknown sections unmarked", () => {
    const s = Section.parse({
      key: "brand-news",
      title: "Brand news",
      items: [{ n: 1, title: "T", source: "Sina Tech" }],
    });
    const [part] = renderWechat({ blocks: sectionBlocks(s, "en"), locale: "en" });
    expect(part).toMatchObject({ text: "【Brand news】\n\n1. T\n(Source: Sina Tech)" });
  });

  it("tells the reader what to send instead of showing buttons", () => {
    const parts = renderWechat({
      blocks: [{ kind: "paragraph", text: "今天有四个栏目。" }],
      buttons: [
        [
          { text: "跨境快报", data: "/section crossborder" },
          { text: "申请入会", data: "/join" },
        ],
        [{ text: "报名表", url: "https://example.invalid/apply" }],
      ],
    });
    expect(parts).toEqual([
      {
        type: "text",
        format: "plain",
        text: "今天有四个栏目。\n\n👉 发送「跨境」查看跨境快报\n👉 发送「加入」：申请入会\n👉 报名表：https://example.invalid/apply",
      },
    ]);
    const [en] = renderWechat({
      blocks: [],
      buttons: [[{ text: "Cross-border", data: "/section crossborder" }]],
      locale: "en",
    });
    expect(en).toMatchObject({ text: '👉 Send "/section crossborder" to see Cross-border' });
  });

  it("does not repeat a button whose command the reply already lists", () => {
    const [part] = renderWechat({
      blocks: [{ kind: "command", text: "跨境", description: "跨境快报" }],
      buttons: [
        [
          { text: "跨境快报", data: "/section crossborder", keyword: "跨境" },
          { text: "电商快报", data: "/section ecommerce" },
        ],
      ],
    });
    expect(part).toMatchObject({ text: "「跨境」 — 跨境快报\n\n👉 发送「电商」查看电商快报" });
  });

  it("counts an emoji as one character, so 1900 emoji still fit one message", () => {
    const s = Section.parse({ key: "view", title: "观点", body: "😀".repeat(1900) });
    const parts = textParts(renderWechat({ blocks: sectionBlocks(s, "zh-CN") }));
    expect(parts).toHaveLength(1);
    expect(parts[0]?.text.length).toBeGreaterThan(2000);
    expect(codePointLength(parts[0]?.text ?? "")).toBeLessThanOrEqual(2000);
  });

  it("splits a long section between items into numbered parts of at most 2000 characters", () => {
    const items = [1, 2, 3, 4, 5].map((n) => ({
      n,
      title: `第${n}条`,
      body: `${n}号新闻的内容。`.repeat(80),
      source: "网",
    }));
    const parts = textParts(
      renderWechat({
        blocks: sectionBlocks(Section.parse({ key: "internet", title: "互联网快报", items }), "zh-CN"),
      }),
    );
    expect(parts.length).toBeGreaterThan(1);
    const { bodies, problems } = stripLabels(parts.map((p) => p.text));
    expect(problems).toEqual([]);
    for (const p of parts) expect(codePointLength(p.text)).toBeLessThanOrEqual(2000);
    for (const item of items)
      expect(
        bodies.filter((b) => b.includes(`${item.n}. 第${item.n}条\n${item.body}\n（来源：网）`)),
      ).toHaveLength(1);
  });
});

import { describe, expect, it } from "vitest";
import { Section } from "../../src/domain/issue.ts";
import { renderConsole } from "../../src/platforms/console/render.ts";
import { sectionBlocks } from "../../src/render/issue-blocks.ts";

describe("renderConsole", () => {
  it("prints a whole section as plain text, images as [图片] lines and buttons as what they send", () => {
    const s = Section.parse({
      key: "crossborder",
      title: "跨境快报",
      items: [
        {
          n: 1,
          title: "标题 <b>",
          body: "正文 & 更多。",
          source: "雨果网",
          images: [{ src: "/upload/img/1.png" }],
        },
      ],
    });
    const out = renderConsole({
      blocks: sectionBlocks(s, "zh-CN"),
      buttons: [
        [{ text: "跨境快报", data: "/section crossborder" }],
        [{ text: "官网", url: "https://example.invalid" }],
      ],
    });
    expect(out).toBe(
      "【跨境快报】\n\n1. 标题 <b>\n正文 & 更多。\n（来源：雨果网）\n\n[图片] /upload/img/1.png\n\n[跨境快报] → /section crossborder\n[官网] → https://example.invalid",
    );
  });

  it("does not repeat a button whose command the reply already lists", () => {
    const out = renderConsole({
      blocks: [
        { kind: "heading", text: "本期栏目" },
        { kind: "command", text: "跨境", description: "跨境快报" },
      ],
      buttons: [
        [{ text: "跨境快报", data: "/section crossborder", keyword: "跨境" }],
        [{ text: "互联网快报", data: "/section internet", keyword: "互联网" }],
      ],
    });
    expect(out).not.toContain("[跨境快报] →");
    expect(out).toContain("[互联网快报] → /section internet");
  });

  it("never splits, however long the reply, and speaks English when the reply does", () => {
    const out = renderConsole({
      blocks: [
        { kind: "paragraph", text: "word ".repeat(5000) },
        { kind: "image", src: "a.png" },
      ],
      locale: "en",
    });
    expect(out).not.toMatch(/\(\d+\/\d+\)/);
    expect(out.endsWith("\n\n[image] a.png")).toBe(true);
    expect(out.length).toBeGreaterThan(20_000);
  });
});

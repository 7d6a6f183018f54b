import { describe, expect, it } from "vitest";
import { buttonHint, typedCommand } from "../../src/render/commands.ts";

describe("what a reader types for a button", () => {
  it("uses the Chinese keyword of a section or everyday command in a Chinese reply", () => {
    expect(typedCommand({ data: "/section crossborder" }, "zh-CN")).toBe("跨境");
    expect(typedCommand({ data: "/section ecommerce" }, "zh-CN")).toBe("电商");
    expect(typedCommand({ data: "/internet" }, "zh-CN")).toBe("互联网");
    expect(typedCommand({ data: "/today" }, "zh-CN")).toBe("今日");
    expect(typedCommand({ data: "/issue 2018-01-08" }, "zh-CN")).toBe("往期 2018-01-08");
    expect(typedCommand({ data: "/approve 3" }, "zh-CN")).toBe("通过 3");
  });

  it("keeps the command line itself in English, for unknown commands and unknown sections", () => {
    expect(typedCommand({ data: "/section crossborder" }, "en")).toBe("/section crossborder");
    expect(typedCommand({ data: "/stats" }, "zh-CN")).toBe("/stats");
    expect(typedCommand({ data: "/section brand-news" }, "zh-CN")).toBe("/section brand-news");
  });

  it("prefers the keyword the core sets on the button", () => {
    expect(typedCommand({ data: "/section crossborder", keyword: "跨境快报" }, "zh-CN")).toBe("跨境快报");
  });

  it("reads as an instruction: 查看 for things to read, a colon for actions, the URL for links", () => {
    expect(buttonHint({ text: "跨境快报", data: "/section crossborder" }, "zh-CN")).toBe(
      "发送「跨境」查看跨境快报",
    );
    expect(buttonHint({ text: "查看今日快报", data: "/today" }, "zh-CN")).toBe("发送「今日」查看今日快报");
    expect(buttonHint({ text: "申请入会", data: "/join" }, "zh-CN")).toBe("发送「加入」：申请入会");
    expect(buttonHint({ text: "See today's issue", data: "/today" }, "en")).toBe(
      'Send "/today" to see today\'s issue',
    );
    expect(buttonHint({ text: "Apply", data: "/join" }, "en")).toBe('Send "/join": Apply');
    expect(buttonHint({ text: "官网", url: "https://example.invalid" }, "zh-CN")).toBe(
      "官网：https://example.invalid",
    );
  });
});

import { describe, expect, it } from "vitest";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";
import { renderWechat } from "../../src/platforms/wechat/render.ts";
import { sectionBlocks } from "../../src/render/issue-blocks.ts";
import { SHANGHAI } from "./fixtures.ts";

const TITLE = "#Laogao E-commerce Newsletter# [E-commerce Evening News on January 8] 1. First; 2. Second.";

describe("section headers padded with spaces", () => {
  const issue = parseNewsletterText(
    [
      TITLE,
      "E-commerce   newsletter :",
      "1. First",
      "Body one.",
      "  Brand\t  watch   ：  ",
      "1. Second",
      "Body two.",
      "【  Cross-border   news  】",
      "1. Third",
      "Body three.",
      "Today's   view :   Margins   first.",
    ].join("\n"),
    SHANGHAI,
  );

  it("become titles with single spaces and no space before the colon", () => {
    expect(issue.sections.map((s) => [s.key, s.title])).toEqual([
      ["ecommerce", "E-commerce newsletter"],
      ["brand-watch", "Brand watch"],
      ["crossborder", "Cross-border news"],
      ["view", "Today's view"],
    ]);
  });

  it("are shown to readers without the padding", () => {
    const section = issue.sections.find((s) => s.key === "brand-watch");
    if (!section) throw new Error("no brand section");
    const text = renderWechat({ blocks: sectionBlocks(section, "en") })
      .map((p) => (p.type === "text" ? p.text : ""))
      .join("\n");
    expect(text).toContain("Brand watch");
    expect(text).not.toMatch(/Brand\s{2,}watch/);
  });
});

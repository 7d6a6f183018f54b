import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Block, OutPart } from "../../src/core/ports/index.ts";
import type { Issue } from "../../src/domain/issue.ts";
import { parseNewsletterText } from "../../src/ingest/index.ts";
import { renderTelegram } from "../../src/platforms/telegram/render.ts";
import { renderWechat } from "../../src/platforms/wechat/render.ts";
import { footerBlocks, headlineBlocks, sectionBlocks } from "../../src/render/issue-blocks.ts";
import { codePointLength } from "../../src/render/split.ts";
import { blockTexts } from "./gen.ts";
import { htmlProblems, missingInOrder, stripLabels, telegramLength, visibleText } from "./telegram-check.ts";

/** Issues as editors write them, through the real importer. */
const FILES = [
  "tests/fixtures/issues/en-2018-01-08.txt",
  "tests/fixtures/issues/zh-edge-2025-01-09.txt",
  "data/samples/sample-issue.zh.txt",
];

function load(file: string): Issue {
  return parseNewsletterText(readFileSync(file, "utf8"), {
    tz: "Asia/Shanghai",
    now: new Date("2025-06-01T00:00:00Z"),
  });
}

function replies(issue: Issue): Block[][] {
  const locale = issue.language === "en" ? "en" : "zh-CN";
  return [
    headlineBlocks(issue, locale),
    ...issue.sections.map((s) => sectionBlocks(s, locale)),
    footerBlocks(issue),
  ];
}

const texts = (parts: OutPart[]) => parts.flatMap((p) => (p.type === "text" ? [p.text] : []));

describe.each(FILES)("rendering %s", (file) => {
  const issue = load(file);

  it("fits Telegram: every part ≤ 4096 as Telegram counts, well-formed HTML, nothing lost", () => {
    for (const blocks of replies(issue)) {
      const html = texts(renderTelegram({ blocks }));
      for (const t of html) {
        expect(htmlProblems(t)).toEqual([]);
        expect(telegramLength(t)).toBeLessThanOrEqual(4096);
      }
      const { bodies, problems } = stripLabels(html.map(visibleText));
      expect(problems).toEqual([]);
      expect(missingInOrder(bodies.join("\n"), blockTexts(blocks))).toBeUndefined();
    }
  });

  it("fits WeChat: every part ≤ 2000 code points, nothing lost", () => {
    for (const blocks of replies(issue)) {
      const plain = texts(renderWechat({ blocks }));
      for (const t of plain) expect(codePointLength(t)).toBeLessThanOrEqual(2000);
      const { bodies, problems } = stripLabels(plain);
      expect(problems).toEqual([]);
      expect(missingInOrder(bodies.join("\n"), blockTexts(blocks))).toBeUndefined();
    }
  });
});

it("splits the edge issue's long section into numbered parts on both platforms", () => {
  const issue = load("tests/fixtures/issues/zh-edge-2025-01-09.txt");
  const longest = issue.sections
    .map((s) => sectionBlocks(s, "zh-CN"))
    .sort((a, b) => blockTexts(b).join("").length - blockTexts(a).join("").length)[0] as Block[];
  expect(blockTexts(longest).join("").length).toBeGreaterThan(4096);
  const tg = texts(renderTelegram({ blocks: longest }));
  const wx = texts(renderWechat({ blocks: longest }));
  expect(tg.length).toBeGreaterThan(1);
  expect(wx.length).toBeGreaterThan(tg.length - 1);
  expect(tg[0]).toMatch(new RegExp(`^\\(1/${tg.length}\\)\\n<b>`));
  expect(wx[0]).toMatch(new RegExp(`^\\(1/${wx.length}\\)\\n`));
});

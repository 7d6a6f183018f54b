/**
 * Rendering throughput over generated sections (not a test; run `npx tsx tests/render/bench-render.ts`).
 * Prints characters per second for Telegram and WeChat at their real limits, and under a tight limit
 * where nearly every line has to be cut (the slow path: sentence and grapheme cuts).
 */

import { renderTelegram } from "../../src/platforms/telegram/render.ts";
import { renderWechat } from "../../src/platforms/wechat/render.ts";
import { sectionBlocks } from "../../src/render/issue-blocks.ts";
import { Rng, section } from "./gen.ts";

const rng = new Rng(42);
const sections = Array.from({ length: 200 }, () => sectionBlocks(section(rng, 3000), "zh-CN"));
let chars = 0;
for (const blocks of sections) for (const b of blocks) if ("text" in b) chars += b.text.length;

const cases: [string, (blocks: (typeof sections)[number]) => unknown[]][] = [
  ["telegram (4096)", (blocks) => renderTelegram({ blocks })],
  ["wechat (2000)", (blocks) => renderWechat({ blocks })],
  ["telegram (200)", (blocks) => renderTelegram({ blocks }, { text: 200 })],
];
for (const [name, render] of cases) {
  const start = performance.now();
  let parts = 0;
  for (const blocks of sections) parts += render(blocks).length;
  const ms = performance.now() - start;
  console.log(
    `${name}: ${sections.length} sections, ${(chars / 1e6).toFixed(2)}M chars -> ${parts} parts in ${ms.toFixed(0)} ms (${(chars / 1e3 / ms).toFixed(1)}M chars/s)`,
  );
}

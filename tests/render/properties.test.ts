import { describe, expect, it } from "vitest";
import type { OutPart, Reply } from "../../src/core/ports/index.ts";
import { renderTelegram } from "../../src/platforms/telegram/render.ts";
import { renderWechat } from "../../src/platforms/wechat/render.ts";
import { sectionBlocks } from "../../src/render/issue-blocks.ts";
import { codePointLength } from "../../src/render/split.ts";
import { blockTexts, Rng, reply, section } from "./gen.ts";
import {
  hasLoneSurrogate,
  htmlProblems,
  missingInOrder,
  squash,
  stripLabels,
  telegramLength,
  visibleText,
} from "./telegram-check.ts";

type TextPart = Extract<OutPart, { type: "text" }>;
const texts = (parts: OutPart[]) => parts.filter((p): p is TextPart => p.type === "text");
const images = (parts: OutPart[]) => parts.filter((p) => p.type === "image").map((p) => p.src);
const imageSrcs = (r: Reply) => r.blocks.flatMap((b) => (b.kind === "image" && b.src.trim() ? [b.src] : []));

/** Random inputs: a mix of whole sections (as the core sends them) and replies with every block kind. */
function* inputs(
  count: number,
  seed: number,
  maxParagraph: number,
): Generator<{ seed: number; reply: Reply }> {
  for (let k = 0; k < count; k++) {
    const rng = new Rng(seed + k);
    const r = rng.chance(0.5)
      ? { blocks: sectionBlocks(section(rng, maxParagraph), rng.chance(0.5) ? "zh-CN" : "en") }
      : reply(rng, maxParagraph);
    yield { seed: seed + k, reply: r };
  }
}

/** Every property of one Telegram rendering; returns the first thing wrong, if any. */
function telegramProblem(r: Reply, limit: number): string | undefined {
  const parts = renderTelegram(r, { text: limit });
  const tparts = texts(parts);
  for (const p of tparts) {
    const problems = htmlProblems(p.text);
    if (problems.length) return `bad HTML (${problems[0]}) in ${JSON.stringify(p.text.slice(0, 200))}`;
    const len = telegramLength(p.text);
    if (len > limit) return `a part is ${len} > ${limit} long`;
    if (len === 0 || visibleText(p.text).trim() === "") return "an empty text part";
    if (hasLoneSurrogate(p.text)) return "a lone surrogate at a part boundary";
  }
  for (const p of parts) {
    if (p.type === "image" && p.caption !== undefined) {
      if (htmlProblems(p.caption).length) return `bad caption HTML ${p.caption}`;
      if (telegramLength(p.caption) > 1024) return "a caption over 1024";
    }
  }
  const { bodies, problems } = stripLabels(tparts.map((p) => visibleText(p.text)));
  if (problems.length) return problems[0];
  const all = bodies.join("\n");
  const missing = missingInOrder(all, blockTexts(r.blocks));
  if (missing !== undefined) return `lost text: ${JSON.stringify(missing.slice(0, 80))}`;
  const whole = renderTelegram(r, { text: Number.POSITIVE_INFINITY });
  const wholeText = texts(whole).map((p) => visibleText(p.text));
  if (squash(all) !== squash(wholeText.join(""))) return "the parts differ from the unsplit text";
  if (images(parts).join() !== imageSrcs(r).join()) return "images lost or reordered";
  if (r.buttons?.length && !tparts.at(-1)?.buttons) return "buttons are not on the last text part";
  return undefined;
}

function wechatProblem(r: Reply, limit: number): string | undefined {
  const parts = renderWechat(r, { text: limit });
  const tparts = texts(parts);
  for (const p of tparts) {
    const len = codePointLength(p.text);
    if (len > limit) return `a part is ${len} > ${limit} code points long`;
    if (p.text.trim() === "") return "an empty text part";
    if (hasLoneSurrogate(p.text)) return "a lone surrogate at a part boundary";
  }
  const { bodies, problems } = stripLabels(tparts.map((p) => p.text));
  if (problems.length) return problems[0];
  const all = bodies.join("\n");
  const missing = missingInOrder(all, blockTexts(r.blocks));
  if (missing !== undefined) return `lost text: ${JSON.stringify(missing.slice(0, 80))}`;
  const whole = texts(renderWechat(r, { text: Number.POSITIVE_INFINITY })).map((p) => p.text);
  if (squash(all) !== squash(whole.join(""))) return "the parts differ from the unsplit text";
  if (images(parts).join() !== imageSrcs(r).join()) return "images lost or reordered";
  return undefined;
}

describe("Telegram rendering, over generated input", () => {
  it("keeps every part within 4096 as Telegram counts, well formed, and loses no text", () => {
    for (const { seed, reply: r } of inputs(150, 1000, 3000)) {
      expect({ seed, problem: telegramProblem(r, 4096) }).toEqual({ seed, problem: undefined });
    }
  });

  it("holds the same properties under tight limits, where nearly everything must be cut", () => {
    for (const { seed, reply: r } of inputs(400, 5000, 400)) {
      const limit = new Rng(seed).int(40, 300);
      expect({ seed, limit, problem: telegramProblem(r, limit) }).toEqual({
        seed,
        limit,
        problem: undefined,
      });
    }
  });
});

describe("WeChat rendering, over generated input", () => {
  it("keeps every part within 2000 code points and loses no text", () => {
    for (const { seed, reply: r } of inputs(150, 2000, 3000)) {
      expect({ seed, problem: wechatProblem(r, 2000) }).toEqual({ seed, problem: undefined });
    }
  });

  it("holds the same properties under tight limits", () => {
    for (const { seed, reply: r } of inputs(400, 9000, 400)) {
      const limit = new Rng(seed).int(40, 300);
      expect({ seed, limit, problem: wechatProblem(r, limit) }).toEqual({ seed, limit, problem: undefined });
    }
  });
});

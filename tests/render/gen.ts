/**
 * A small seeded generator of newsletter-like input for the renderer property tests: Chinese and
 * English prose with `<`, `>`, `&`, things that look like entities, emoji (astral, skin tones, ZWJ
 * families, flags), full-width punctuation, very long sentences and very long words.
 */

import type { Block, Button, Reply } from "../../src/core/ports/index.ts";
import type { Item, Section } from "../../src/domain/issue.ts";

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** mulberry32: tiny, fast and good enough to shuffle test input. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const HAN =
  "电商快报跨境亚马逊天猫淘宝店铺商家平台卖家物流支付用户数据增长市场品牌新品发布会议政策监管消费升级直播带货供应链";
const WORDS = [
  "Amazon",
  "Tmall",
  "seller",
  "growth",
  "payment",
  "logistics",
  "brand",
  "market",
  "the",
  "of",
  "and",
];
const EMOJI = ["😀", "🚀", "👍🏽", "👨‍👩‍👧‍👦", "🇨🇳", "🇺🇸", "❤️", "🧑🏻‍💻", "🛒", "𠀀", "𝒳"];
const TRICKY = [
  "<",
  ">",
  "&",
  "&amp;",
  "&lt;",
  "<b>",
  "</i>",
  "a<b>c",
  "R&D",
  '"q"',
  "'",
  "“引号”",
  "【】",
  "（）",
];
const ENDS = ["。", "！", "？", "；", ". ", "! ", "? ", "…", "。」", "."];

function fragment(rng: Rng): string {
  const r = rng.next();
  if (r < 0.45) {
    let s = "";
    for (let i = rng.int(1, 12); i > 0; i--) s += HAN[rng.int(0, HAN.length - 1)];
    return s;
  }
  if (r < 0.7) return `${rng.pick(WORDS)} `;
  if (r < 0.82) return rng.pick(EMOJI);
  if (r < 0.94) return rng.pick(TRICKY);
  return rng.pick(["，", ", ", " ", "、", "：", "1.5", "example.com"]);
}

/** A sentence of roughly `size` characters, usually ending in punctuation. */
export function sentence(rng: Rng, size: number): string {
  let s = "";
  while (s.length < size) s += fragment(rng);
  return rng.chance(0.85) ? s + rng.pick(ENDS) : s;
}

/** A paragraph: a few sentences, or now and then one enormous run with no punctuation at all. */
export function paragraph(rng: Rng, maxLength: number): string {
  if (rng.chance(0.05)) {
    // A run longer than any part, with no sentence end (and sometimes no spaces either).
    const unit = rng.chance(0.5) ? rng.pick(EMOJI) : rng.pick(["长", "word ", "ab"]);
    return unit.repeat(Math.ceil(rng.int(maxLength / 2, maxLength * 1.5) / unit.length));
  }
  let p = "";
  const target = rng.int(1, maxLength);
  while (p.length < target) p += sentence(rng, rng.int(5, Math.max(6, target / 3)));
  return p;
}

export function item(rng: Rng, n: number, maxParagraph: number): Item {
  const paragraphs: string[] = [];
  for (let i = rng.int(0, 4); i > 0; i--) paragraphs.push(paragraph(rng, maxParagraph));
  const images = [];
  for (let i = rng.chance(0.3) ? rng.int(1, 2) : 0; i > 0; i--) {
    images.push({ src: `/upload/img/20180108/${n}-${i}-${rng.int(0, 1e6)}.png`, alt: "" });
  }
  const it: Item = {
    n,
    title: rng.chance(0.05) ? paragraph(rng, maxParagraph * 2) : sentence(rng, rng.int(3, 40)),
    body: paragraphs.join("\n"),
    images,
  };
  if (rng.chance(0.8)) it.source = `${sentence(rng, rng.int(2, 10))}#${n}`;
  return it;
}

export function section(rng: Rng, maxParagraph: number): Section {
  const items: Item[] = [];
  for (let n = 1, count = rng.int(1, 12); n <= count; n++) items.push(item(rng, n, maxParagraph));
  return {
    key: rng.pick(["ecommerce", "internet", "crossborder", "brand-news"]),
    title: "跨境 <快报> & 更多",
    items,
    images: [],
  };
}

function text(rng: Rng, max: number): string {
  return rng.chance(0.5) ? sentence(rng, rng.int(1, max)) : paragraph(rng, max);
}

/** A reply mixing every block kind, as the core might compose one. */
export function reply(rng: Rng, maxParagraph: number): Reply {
  const blocks: Block[] = [];
  for (let i = rng.int(1, 30); i > 0; i--) {
    const r = rng.next();
    if (r < 0.1) blocks.push({ kind: "heading", text: text(rng, 30) });
    else if (r < 0.25) blocks.push({ kind: "title", n: rng.int(1, 20), text: text(rng, 60) });
    else if (r < 0.5) blocks.push({ kind: "paragraph", text: text(rng, maxParagraph) });
    else if (r < 0.57) {
      const items: string[] = [];
      for (let j = rng.int(1, 6); j > 0; j--) items.push(text(rng, maxParagraph / 4));
      blocks.push({ kind: "list", items, ordered: rng.chance(0.5) });
    } else if (r < 0.65) blocks.push({ kind: "source", text: `来源：${sentence(rng, 6)}` });
    else if (r < 0.72) blocks.push({ kind: "image", src: `https://example.invalid/${rng.int(0, 1e9)}.jpg` });
    else if (r < 0.8) blocks.push({ kind: "note", text: text(rng, 80) });
    else if (r < 0.88)
      blocks.push({
        kind: "command",
        text: rng.pick(["/today", "跨境", "/section crossborder"]),
        description: sentence(rng, 10),
      });
    else blocks.push({ kind: "break" });
  }
  const buttons: Button[][] = [];
  if (rng.chance(0.3)) {
    buttons.push([
      { text: "跨境快报", data: "/section crossborder" },
      { text: "官网 & 报名", url: "https://example.invalid/join?a=1&b=2" },
    ]);
  }
  return buttons.length ? { blocks, buttons } : { blocks };
}

/** The visible text of every text-bearing block, in order, as a renderer must keep it. */
export function blockTexts(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === "list") out.push(...b.items);
    else if (b.kind === "command") out.push(b.text, ...(b.description ? [b.description] : []));
    else if ("text" in b) out.push(b.text);
  }
  return out;
}

import {
  KNOWN_SECTIONS,
  type KnownSection,
  sectionForHeader,
  sectionKeyForAlias,
} from "../domain/sections.ts";
import type { Line } from "./lines.ts";
import { matchItemLine, type NumberedLine } from "./numbered.ts";

/** What a line looks like on its own, before the parser knows where it stands. */
export type LineShape =
  | { kind: "blank" }
  | ({ kind: "item" } & NumberedLine)
  /**
   * A known section header (`电商快报：`, `E-commerce newsletter:`, `【跨境快报】`). `rest` is text
   * written on the same line after the colon (`今日老高观点：为什么…`).
   */
  | { kind: "header"; title: string; known: KnownSection; rest?: string }
  /** A short line ending in a colon: a header of a section we do not know, if items follow it. */
  | { kind: "maybe-header"; title: string }
  | { kind: "text" };

/** Longest unknown header we accept (characters, without the colon). Headers are a few words. */
const UNKNOWN_HEADER_MAX = 30;

/** Separator lines (`————`, `***`, `= = =`) carry nothing; they count as blank. */
const DECORATION = /^[-—–_=*~·•.。…、\s]+$/u;

/** Marks editors put before a header: emoji, bullets, `一、`, `（二）`. */
const HEADER_PREFIX =
  /^(?:(?:\p{Extended_Pictographic}|\uFE0F|\u200D|[●■□▶►◆◇★☆※▌|｜#＃\s])+|[一二三四五六七八九十]+\s*[、.．]\s*|[（(][一二三四五六七八九十]+[)）]\s*)+/u;

/** Words that follow a section's name in a header: `跨境资讯`, `IT news`, `Cross-border newsletter`. */
const HEADER_SUFFIX = /\s*(?:newsletter|news|updates?|快报|新闻|资讯|动态|速递|简讯)$/i;

/**
 * The editorial under another name: `老高观点`, `Our view`, `Lao Gao's opinion`. Not `点评`/`评论`:
 * news bodies quote experts under `专家点评：`, and that must not end the section.
 */
const EDITORIAL = /^.{0,8}观点$|^(?:today'?s |our |editor'?s |[a-z ]{1,20}'s )?(?:view|opinion)$/i;

const VIEW = KNOWN_SECTIONS.find((s) => s.key === "view");

/**
 * A header with its first words on the same line: `今日老高观点：为什么…`. Only a known header of
 * four characters or more counts, so `观点：…` in a body stays text.
 */
const INLINE_HEADER = /^(.{1,40}?)\s*[:：]\s*(\S.*)$/;

export function shapeOf(line: Line): LineShape {
  const text = line.text;
  if (text === "" || DECORATION.test(text)) return { kind: "blank" };
  const item = matchItemLine(text);
  if (item) return { kind: "item", ...item };
  const inline = INLINE_HEADER.exec(text);
  if (inline?.[1] && inline[2] && [...inline[1]].length >= 4) {
    const known = sectionForHeader(inline[1].replace(HEADER_PREFIX, ""));
    if (known)
      return {
        kind: "header",
        title: tidyTitle(inline[1].replace(HEADER_PREFIX, "")),
        known,
        rest: inline[2],
      };
  }
  // Markdown emphasis around a whole header (`**电商快报：**`) is decoration too.
  const bare = text.replace(/^(\*\*|__)(.+)\1$/, "$2").trim();
  const colon = /[:：]$/.test(bare);
  const bracketed = /^[【[［〔〖].*[】\]］〕〗][:：]?$/.test(bare);
  const title = tidyTitle(
    bare
      .replace(/[:：]$/, "")
      .replace(/^[【[［〔〖]\s*|\s*[】\]］〕〗]$/g, "")
      .replace(HEADER_PREFIX, ""),
  );
  if (!title || [...title].length > UNKNOWN_HEADER_MAX) return { kind: "text" };
  // A bare known header with no colon (`电商快报`) still counts: no body line is just those words.
  const exact = sectionForHeader(title);
  if (exact) return { kind: "header", title, known: exact };
  if (!(colon || bracketed) || /[。！？!?；;，,]/.test(title)) return { kind: "text" };
  const loose = looseSection(title);
  if (loose) return { kind: "header", title, known: loose };
  return { kind: "maybe-header", title };
}

/**
 * A header's words with the editor's padding gone (`E-commerce   newsletter :` → `E-commerce newsletter`):
 * readers see the title in every heading, so runs of spaces become one and the edges are trimmed.
 */
function tidyTitle(title: string): string {
  return title.replace(/\s+/g, " ").trim();
}

/** Sections a header may name by a reader's word alone (`跨境：`, `E-commerce:`, `Cross Border News:`). */
const NEWS_KEYS = new Set(["ecommerce", "internet", "crossborder"]);

/** A header that names a known section in other words: its alias, with or without "news", or the editorial. */
function looseSection(title: string): KnownSection | undefined {
  const stem = title.replace(HEADER_SUFFIX, "");
  const squeezed = stem.replace(/[\s_-]+/g, "");
  const key = (stem && sectionKeyForAlias(stem)) || (squeezed && sectionKeyForAlias(squeezed));
  // Two-letter aliases (`it`, `cb`, `ec`) are too easily something else when they stand alone.
  const longEnough = stem !== title || squeezed.length > 2 || !/^[A-Za-z0-9]*$/.test(squeezed);
  if (key && NEWS_KEYS.has(key) && longEnough) return KNOWN_SECTIONS.find((s) => s.key === key);
  return EDITORIAL.test(title.normalize("NFKC")) ? VIEW : undefined;
}

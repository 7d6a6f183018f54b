import { t } from "../core/i18n/index.ts";
import type { Locale } from "../domain/locale.ts";
import { listLines, numberedTitle } from "./block-lines.ts";
import type { BlockFormatter, BlockOutput, TextBlock } from "./layout.ts";
import type { Span } from "./split.ts";

/** Optional markers before the headings of known sections, so they stand out in a chat list. */
export const SECTION_MARKERS: Record<string, string> = {
  headlines: "📰",
  ecommerce: "🛒",
  internet: "🌐",
  crossborder: "🚢",
  view: "💡",
};

const HAN = /\p{Script=Han}/u;

function line(text: string): { lines: Span[][] } {
  return { lines: [[{ text }]] };
}

/** `来源：X` gets full-width brackets, `Source: X` half-width ones; already bracketed text stays as is. */
export function bracketSource(text: string): string {
  if (/^[(（].*[)）]$/.test(text)) return text;
  return HAN.test(text) || text.includes("：") ? `（${text}）` : `(${text})`;
}

/**
 * The plain-text look shared by WeChat and the console: `【跨境快报】` headings, `1. 标题` item
 * titles, the source on its own line in brackets, numbered lists, commands in 「」 (Chinese) or as is.
 * `image` decides what an image becomes (an image part on WeChat, a text line on the console).
 */
export function plainFormatter<A>(
  locale: Locale,
  opts: { markers: boolean; image: (block: Extract<TextBlock, { kind: "image" }>) => BlockOutput<A> },
): BlockFormatter<A> {
  return (block) => {
    switch (block.kind) {
      case "heading": {
        const marker = opts.markers && block.key ? (SECTION_MARKERS[block.key] ?? "") : "";
        const text = block.text.includes("【") ? block.text : `【${block.text}】`;
        return line(marker + text);
      }
      case "title":
        return line(numberedTitle(block));
      case "paragraph":
      case "note":
        return line(block.text);
      case "source":
        return line(bracketSource(block.text));
      case "list":
        return { lines: listLines(block) };
      case "command": {
        const cmd = t(locale, "render.command", { command: block.text });
        return line(block.description ? `${cmd} — ${block.description}` : cmd);
      }
      case "image":
        return opts.image(block);
    }
  };
}

/** Joins spans as plain text (styles mean nothing here). */
export function spansToPlain(spans: Span[]): string {
  return spans.map((s) => s.text).join("");
}

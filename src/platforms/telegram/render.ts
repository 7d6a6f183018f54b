import type { Button, OutPart, Reply } from "../../core/ports/index.ts";
import { commandLine, listLines, numberedTitle } from "../../render/block-lines.ts";
import { type BlockFormatter, layoutBlocks } from "../../render/layout.ts";
import { type Span, splitDocument, utf16Length } from "../../render/split.ts";
import { escapeHtml } from "./escape.ts";

/**
 * Telegram's limits, counted as Telegram counts them: UTF-16 code units of the text after entity
 * parsing (tags don't count, `&lt;` counts as one).
 */
export interface TelegramLimits {
  text: number;
  caption: number;
}

export const TELEGRAM_LIMITS: Readonly<TelegramLimits> = Object.freeze({ text: 4096, caption: 1024 });

interface ImageRef {
  src: string;
  caption?: string;
}

/** Span styles this renderer uses, and the Telegram HTML tag each becomes. */
const TAGS: Record<string, string> = { b: "b", i: "i", code: "code" };

const format: BlockFormatter<ImageRef> = (block, ctx) => {
  switch (block.kind) {
    case "heading":
      return { lines: [[{ text: block.text, style: "b" }]] };
    case "title":
      return {
        lines: [[{ text: numberedTitle(block), style: "b" }]],
      };
    case "paragraph":
    case "note":
      return { lines: [[{ text: block.text }]] };
    case "source":
      return { lines: [[{ text: block.text, style: "i" }]] };
    case "list":
      return { lines: listLines(block) };
    case "command":
      return { lines: [commandLine(block, "code")] };
    case "image":
      return { attach: ctx.itemTitle ? { src: block.src, caption: ctx.itemTitle } : { src: block.src } };
  }
};

/** Spans to Telegram HTML: text escaped, adjacent runs of one style merged under one tag. */
export function spansToHtml(spans: Span[]): string {
  let out = "";
  let i = 0;
  while (i < spans.length) {
    const style = spans[i]?.style;
    let text = "";
    while (i < spans.length && spans[i]?.style === style) text += spans[i++]?.text ?? "";
    const tag = style === undefined ? undefined : TAGS[style];
    out += tag ? `<${tag}>${escapeHtml(text)}</${tag}>` : escapeHtml(text);
  }
  return out;
}

/** Cuts a caption to `limit` UTF-16 units at a grapheme boundary, ending it with "…" when cut. */
function fitCaption(caption: string, limit: number): string {
  if (caption.length <= limit) return caption;
  let out = "";
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(caption)) {
    if (out.length + segment.length > limit - 1) break;
    out += segment;
  }
  return `${out}…`;
}

/**
 * A reply as Telegram messages in HTML parse mode: headings and item titles bold, sources italic,
 * commands as code, lists numbered; split so that every text part fits `limits.text`, numbered
 * "(1/3)" when split. Images follow the text part holding their item, captioned with the item's
 * title. Buttons go on the last text part.
 */
export function renderTelegram(reply: Reply, limits: Partial<TelegramLimits> = {}): OutPart[] {
  const { text: textLimit, caption: captionLimit } = { ...TELEGRAM_LIMITS, ...limits };
  const pieces = splitDocument(layoutBlocks(reply.blocks, format), {
    limit: textLimit,
    measure: utf16Length,
    label: (i, n) => `(${i}/${n})\n`,
  });

  const parts: OutPart[] = [];
  let lastText: Extract<OutPart, { type: "text" }> | undefined;
  for (const piece of pieces) {
    if (piece.spans.length > 0) {
      lastText = { type: "text", text: spansToHtml(piece.spans), format: "html" };
      parts.push(lastText);
    }
    for (const image of piece.attachments) {
      const part: OutPart = { type: "image", src: image.src, format: "html" };
      if (image.caption) part.caption = escapeHtml(fitCaption(image.caption, captionLimit));
      parts.push(part);
    }
  }
  const buttons = nonEmptyRows(reply.buttons);
  if (buttons) {
    if (!lastText) {
      // Buttons need a message to hang on; a reply of images only gets a pointer to them.
      lastText = { type: "text", text: "👇", format: "html" };
      parts.push(lastText);
    }
    lastText.buttons = buttons;
  }
  return parts;
}

function nonEmptyRows(rows: Button[][] | undefined): Button[][] | undefined {
  const kept = (rows ?? []).filter((r) => r.length > 0);
  return kept.length ? kept : undefined;
}

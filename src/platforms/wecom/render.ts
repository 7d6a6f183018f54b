import type { OutPart, Reply } from "../../core/ports/index.ts";
import { commandLine, listLines, numberedTitle } from "../../render/block-lines.ts";
import { type BlockFormatter, layoutBlocks } from "../../render/layout.ts";
import { bracketSource, SECTION_MARKERS } from "../../render/plain-text.ts";
import { type Span, splitDocument } from "../../render/split.ts";

/** WeCom counts a markdown message's content in UTF-8 bytes: at most 4096. */
export const WECOM_MARKDOWN_BYTES = 4096;

interface ImageRef {
  src: string;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * WeCom's markdown subset: `**bold**`, `[text](url)`, `` `code` ``, `<font color="comment">`.
 * It has no escapes, so text goes in as written; styles wrap whole spans.
 */
const STYLE: Record<string, (text: string) => string> = {
  b: (t) => `**${t}**`,
  code: (t) => `\`${t}\``,
  quiet: (t) => `<font color="comment">${t}</font>`,
};

function spansToMarkdown(spans: Span[]): string {
  return spans
    .map((s) => {
      const wrap = s.style ? STYLE[s.style] : undefined;
      // Markup around blank text would show as stray asterisks.
      return wrap && s.text.trim() ? wrap(s.text) : s.text;
    })
    .join("");
}

const format: BlockFormatter<ImageRef> = (block) => {
  switch (block.kind) {
    case "heading": {
      const marker = block.key ? (SECTION_MARKERS[block.key] ?? "") : "";
      return { lines: [[{ text: `${marker}${block.text}`, style: "b" }]] };
    }
    case "title":
      return {
        lines: [[{ text: numberedTitle(block), style: "b" }]],
      };
    case "paragraph":
      return { lines: [[{ text: block.text }]] };
    case "note":
      return { lines: [[{ text: block.text, style: "quiet" }]] };
    case "source":
      return { lines: [[{ text: bracketSource(block.text), style: "quiet" }]] };
    case "list":
      return { lines: listLines(block) };
    case "command":
      return { lines: [commandLine(block, "code")] };
    case "image":
      return { attach: { src: block.src } };
  }
};

/**
 * A reply as WeCom robot messages: markdown parts of at most 4096 UTF-8 bytes (numbered "(1/3)" when
 * split), images as image parts after the text holding their item. A robot receives nothing, so
 * callback buttons (things to send back) are left out; link buttons become markdown links.
 */
export function renderWecom(reply: Reply, limitBytes = WECOM_MARKDOWN_BYTES): OutPart[] {
  const groups = layoutBlocks(reply.blocks, format);
  const links = (reply.buttons ?? []).flat().flatMap((b) => ("url" in b ? [b] : []));
  if (links.length)
    groups.push(
      links.map((b) => ({ kind: "line" as const, spans: [{ text: `[${b.text}](${b.url})` }], gap: "\n" })),
    );
  // The splitter measures text without markup; split with room for it, and tighter if it did not fit.
  for (let budget = limitBytes - 512; ; budget = Math.floor(budget * 0.75)) {
    const parts: OutPart[] = [];
    const pieces = splitDocument(groups, {
      limit: Math.max(256, budget),
      measure: utf8Bytes,
      label: (i, n) => `(${i}/${n})\n`,
    });
    for (const piece of pieces) {
      if (piece.spans.length > 0)
        parts.push({ type: "text", text: spansToMarkdown(piece.spans), format: "markdown" });
      for (const image of piece.attachments) parts.push({ type: "image", src: image.src, format: "plain" });
    }
    const fits = parts.every((p) => p.type !== "text" || utf8Bytes(p.text) <= limitBytes);
    if (fits || budget <= 256) return parts;
  }
}

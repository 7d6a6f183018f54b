import type { Button, OutPart, Reply } from "../../core/ports/index.ts";
import type { Locale } from "../../domain/locale.ts";
import { buttonHint, typedCommand } from "../../render/commands.ts";
import { layoutBlocks } from "../../render/layout.ts";
import { plainFormatter, spansToPlain } from "../../render/plain-text.ts";
import { codePointLength, type Group, splitDocument } from "../../render/split.ts";

/** Longest WeChat text we send, in code points: well under the ~2000 where long texts start to fold or fail. */
export const WECHAT_TEXT_LIMIT = 2000;

interface ImageRef {
  src: string;
}

/**
 * A reply as WeChat messages: clean plain text (no markup), `【跨境快报】` headings with a small emoji
 * for known sections, `1. 标题` items with `（来源：X）` on its own line and blank lines between
 * items; split so that every text part has at most `limit` code points, numbered "(1/3)" when split.
 * Buttons become lines telling the reader what to send (`👉 发送「跨境」查看跨境快报`), unless the
 * reply already lists that command as a `command` block; images
 * become image parts after the text holding their item.
 */
export function renderWechat(reply: Reply, limits: { text?: number } = {}): OutPart[] {
  const locale = reply.locale ?? "zh-CN";
  const groups = layoutBlocks<ImageRef>(
    reply.blocks,
    plainFormatter(locale, { markers: true, image: (b) => ({ attach: { src: b.src } }) }),
  );
  // A button whose command the reply already lists (`「跨境」 — 跨境快报`) would only say it twice.
  const listed = new Set(reply.blocks.flatMap((b) => (b.kind === "command" ? [b.text.trim()] : [])));
  const buttons = (reply.buttons ?? [])
    .flat()
    .filter((b) => "url" in b || !listed.has(typedCommand(b, locale)));
  groups.push(...buttonGroups(buttons, locale));
  const pieces = splitDocument(groups, {
    limit: limits.text ?? WECHAT_TEXT_LIMIT,
    measure: codePointLength,
    label: (i, n) => `(${i}/${n})\n`,
  });
  const parts: OutPart[] = [];
  for (const piece of pieces) {
    if (piece.spans.length > 0)
      parts.push({ type: "text", text: spansToPlain(piece.spans), format: "plain" });
    for (const image of piece.attachments) parts.push({ type: "image", src: image.src, format: "plain" });
  }
  return parts;
}

/** Button hints as one group, so they stay together at the end of the last part when they fit. */
function buttonGroups(buttons: Button[], locale: Locale): Group<ImageRef>[] {
  const hints = buttons.map((b) => buttonHint(b, locale));
  if (!hints.length) return [];
  return [hints.map((h) => ({ kind: "line" as const, spans: [{ text: `👉 ${h}` }], gap: "\n" }))];
}

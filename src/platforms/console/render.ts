import { t } from "../../core/i18n/index.ts";
import type { Reply } from "../../core/ports/index.ts";
import { typedCommand } from "../../render/commands.ts";
import { layoutBlocks } from "../../render/layout.ts";
import { plainFormatter, spansToPlain } from "../../render/plain-text.ts";
import { codePointLength, splitDocument } from "../../render/split.ts";

/**
 * A reply as plain text for a terminal, in one piece (a terminal has no length limit worth splitting
 * for): the WeChat look without emoji markers, images as `[图片] src` lines, buttons listed at the
 * end as `[跨境快报] → /section crossborder` (what pressing them would send), or `1. 天猫` for an
 * option asked for by number, unless the reply already lists that command.
 */
export function renderConsole(reply: Reply): string {
  const locale = reply.locale ?? "zh-CN";
  const imageWord = t(locale, "render.image");
  const groups = layoutBlocks<never>(
    reply.blocks,
    plainFormatter<never>(locale, {
      markers: false,
      image: (b) => ({ lines: [[{ text: `${imageWord} ${b.src}` }]] }),
    }),
  );
  // As on WeChat, a button whose command the reply already lists would only say it twice.
  const listed = new Set(reply.blocks.flatMap((b) => (b.kind === "command" ? [b.text.trim()] : [])));
  const buttons = (reply.buttons ?? [])
    .flat()
    .filter((b) => "url" in b || !listed.has(typedCommand(b, locale)))
    .map((b) => {
      const text = b.text.replace(/\s+/g, " ").trim();
      // An option the question asks for by number is listed under its number (`1. 天猫`).
      if (!("url" in b) && /^\d+$/.test(b.keyword?.trim() ?? "")) return `${b.keyword?.trim()}. ${text}`;
      return `[${text}] → ${"url" in b ? b.url : b.data}`;
    });
  if (buttons.length)
    groups.push(buttons.map((text) => ({ kind: "line" as const, spans: [{ text }], gap: "\n" })));
  const pieces = splitDocument(groups, { limit: Number.POSITIVE_INFINITY, measure: codePointLength });
  return pieces.map((p) => spansToPlain(p.spans)).join("\n\n");
}

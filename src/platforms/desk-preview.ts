import type { OutPart, Reply } from "../core/ports/index.ts";
import { escapeHtml, html, type SafeHtml, trusted } from "../desk/html.ts";
import type { View } from "../desk/layout.ts";
import type { Issue } from "../domain/issue.ts";
import type { Locale } from "../domain/locale.ts";
import { footerBlocks, headlineBlocks, sectionBlocks } from "../render/issue-blocks.ts";
import { renderTelegram, TELEGRAM_LIMITS } from "./telegram/render.ts";
import { renderWechat, WECHAT_TEXT_LIMIT } from "./wechat/render.ts";

/**
 * The desk's side-by-side preview of an issue on the two chat apps editors check by eye. It lives
 * with the platforms because it knows their markup (Telegram's HTML tags); the desk only places it.
 */

/** The platforms previewed, their text limit per message (for the desk's warnings). */
export const PREVIEW_LIMITS = [
  { platform: "Telegram", key: "telegram", limit: TELEGRAM_LIMITS.text },
  { platform: "WeChat", key: "wechat", limit: WECHAT_TEXT_LIMIT },
] as const;

/** One message of an issue (headlines, a section, the footer) as each platform will receive it. */
export interface RenderedPart {
  label: string;
  title: string;
  telegram: OutPart[];
  wechat: OutPart[];
}

export function issueReplies(issue: Issue): Array<{ label: string; title: string; reply: Reply }> {
  const locale: Locale = issue.language === "en" ? "en" : "zh-CN";
  const out = [
    { label: "headlines", title: issue.title, reply: { blocks: headlineBlocks(issue, locale) } },
    ...issue.sections.map((s) => ({
      label: s.key,
      title: s.title,
      reply: { blocks: sectionBlocks(s, locale) },
    })),
  ];
  const footer = footerBlocks(issue);
  if (footer.length) out.push({ label: "footer", title: "footer", reply: { blocks: footer } });
  return out;
}

export function renderIssueParts(issue: Issue): RenderedPart[] {
  return issueReplies(issue).map(({ label, title, reply }) => ({
    label,
    title,
    telegram: renderTelegram(reply),
    wechat: renderWechat(reply),
  }));
}

/** The tags Telegram's HTML parse mode knows; anything else is shown as text. */
const TELEGRAM_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "code",
  "pre",
  "a",
  "blockquote",
  "tg-spoiler",
]);

/**
 * Telegram HTML as a browser should show it: the allowed tags kept (links only with an http(s)
 * href, no other attribute), everything else escaped. Our renderer escapes the text it writes, but
 * the preview does not rely on that: this allow-list is what keeps the desk page safe.
 */
export function telegramPreviewHtml(markup: string): SafeHtml {
  let out = "";
  let last = 0;
  for (const m of markup.matchAll(/<(\/?)([a-z-]+)([^<>]*)>/gi)) {
    out += keepText(markup.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    const tag = (m[2] ?? "").toLowerCase();
    if (!TELEGRAM_TAGS.has(tag)) {
      out += escapeHtml(m[0]);
      continue;
    }
    const name = tag === "tg-spoiler" ? "span" : tag;
    if (m[1]) {
      out += `</${name}>`;
    } else if (tag === "a") {
      const href = /href\s*=\s*"([^"]*)"/i.exec(m[3] ?? "")?.[1] ?? "";
      const decoded = href.replace(/&amp;/g, "&").replace(/&quot;/g, '"');
      out += /^https?:\/\//i.test(decoded)
        ? `<a href="${escapeHtml(decoded)}" rel="noopener noreferrer" target="_blank">`
        : "<a>";
    } else {
      out += `<${name}>`;
    }
  }
  out += keepText(markup.slice(last));
  return trusted(out);
}

/** Text between tags is already escaped by the renderer; a stray `<` or `"` is escaped again. */
function keepText(s: string): string {
  return s.replace(/[<>"']/g, (c) => escapeHtml(c));
}

function partLabel(view: View, i: number, parts: OutPart[]): string {
  const part = parts[i] as OutPart;
  const chars = part.type === "text" ? [...part.text].length : [...(part.caption ?? "")].length;
  return view.tr("desk.preview.part", { n: i + 1, total: parts.length, chars });
}

export function telegramBubbles(view: View, parts: OutPart[]): SafeHtml {
  return html`${parts.map(
    (p, i) =>
      html`<div class="bubble" data-platform="telegram"><span class="meta">${partLabel(view, i, parts)}</span>${
        p.type === "text"
          ? telegramPreviewHtml(p.text)
          : html`${view.tr("desk.preview.image", { src: p.src })}${p.caption ? html`<br>${telegramPreviewHtml(p.caption)}` : ""}`
      }</div>`,
  )}`;
}

export function wechatBubbles(view: View, parts: OutPart[]): SafeHtml {
  return html`${parts.map(
    (p, i) =>
      html`<div class="bubble" data-platform="wechat"><span class="meta">${partLabel(view, i, parts)}</span>${
        p.type === "text" ? p.text : html`${view.tr("desk.preview.image", { src: p.src })}`
      }</div>`,
  )}`;
}

/** Every message of the issue, Telegram on the left and WeChat on the right. */
export function previewSection(view: View, parts: RenderedPart[]): SafeHtml {
  return html`${parts.map(
    (
      p,
    ) => html`<div class="section" data-section="${p.label}"><h2>${p.title} <span class="badge">${p.label}</span></h2>
<div class="previews"><div class="tg"><strong>${"Telegram"}</strong>${telegramBubbles(view, p.telegram)}</div>
<div class="wx"><strong>${view.locale === "zh-CN" ? "微信" : "WeChat"}</strong>${wechatBubbles(view, p.wechat)}</div></div></div>`,
  )}`;
}

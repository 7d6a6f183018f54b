import type { OutPart, Reply } from "../core/ports/index.ts";
import { escapeHtml, html, type SafeHtml, trusted } from "../desk/html.ts";
import type { View } from "../desk/layout.ts";
import type { Issue } from "../domain/issue.ts";
import type { Locale } from "../domain/locale.ts";
import { footerBlocks, headlineBlocks, sectionBlocks } from "../render/issue-blocks.ts";
import { PLATFORMS } from "./registry.ts";

/**
 * The desk's side-by-side preview of an issue on every registered platform that declares a
 * `preview` (Telegram, WeChat, WeCom …), each with its own renderer. It lives with the platforms
 * because it knows their markup (an HTML subset is shown rendered); the desk only places it.
 */

/** A previewed platform: its id, its name on the page, and its descriptor's preview facts. */
export interface PreviewedPlatform {
  key: string;
  platform: string;
  markup: "html" | "markdown" | "text";
  /** The most characters one message holds (for the desk's warnings). */
  limit: number;
  render(reply: Reply): OutPart[];
}

/** Every registered platform with a preview, in registry order. */
export const PREVIEWED: readonly PreviewedPlatform[] = PLATFORMS.flatMap((p) =>
  p.preview
    ? [
        {
          key: p.id,
          platform: p.title,
          markup: p.preview.markup,
          limit: p.preview.maxChars,
          render: (reply: Reply) => p.render(reply),
        },
      ]
    : [],
);

/** One message of an issue (headlines, a section, the footer) as each platform will receive it. */
export interface RenderedPart {
  label: string;
  title: string;
  /** By platform id, for every platform in PREVIEWED. */
  platforms: Record<string, OutPart[]>;
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
    platforms: Object.fromEntries(PREVIEWED.map((p) => [p.key, p.render(reply)])),
  }));
}

/** The tags of the chat apps' HTML subset (Telegram's parse mode); anything else is shown as text. */
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

/** One platform's messages as chat bubbles: an HTML subset rendered, markdown and text as written. */
export function bubbles(view: View, platform: PreviewedPlatform, parts: OutPart[]): SafeHtml {
  const body = (text: string): SafeHtml | string =>
    platform.markup === "html" ? telegramPreviewHtml(text) : text;
  return html`${parts.map(
    (p, i) =>
      html`<div class="bubble" data-platform="${platform.key}"><span class="meta">${partLabel(view, i, parts)}</span>${
        p.type === "text"
          ? body(p.text)
          : html`${view.tr("desk.preview.image", { src: p.src })}${p.caption ? html`<br>${body(p.caption)}` : ""}`
      }</div>`,
  )}`;
}

/** Every message of the issue, one column per previewed platform. */
export function previewSection(view: View, parts: RenderedPart[]): SafeHtml {
  return html`${parts.map(
    (
      p,
    ) => html`<div class="section" data-section="${p.label}"><h2>${p.title} <span class="badge">${p.label}</span></h2>
<div class="previews">${PREVIEWED.map(
      (platform) =>
        html`<div class="pv" data-preview="${platform.key}"><strong>${platform.platform}</strong>${bubbles(view, platform, p.platforms[platform.key] ?? [])}</div>`,
    )}</div></div>`,
  )}`;
}

import { t } from "../core/i18n/index.ts";
import type { Block } from "../core/ports/index.ts";
import type { Image, Issue, Section } from "../domain/issue.ts";
import type { Locale } from "../domain/locale.ts";
import { KNOWN_SECTIONS } from "../domain/sections.ts";

/**
 * An issue as neutral blocks. The core composes replies from these pieces (a section, the
 * headlines, the footer); the platform renderers turn them into messages.
 */

/** `来源：新浪科技` / `Source: Sina Tech`, in the reader's language. */
export function sourceText(source: string, locale: Locale): string {
  return t(locale, "render.source", { source });
}

/** The name the bot itself uses for a section (`跨境快报` / `Cross-border`), else the section's own title. */
export function sectionDisplayName(section: Pick<Section, "key" | "title">, locale: Locale): string {
  const known = KNOWN_SECTIONS.find((s) => s.key === section.key);
  if (!known) return section.title;
  return locale === "zh-CN" ? known.names.zh : known.names.en;
}

const WEEKDAYS_ZH = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
const WEEKDAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * A calendar date for readers: `2017年12月25日 星期一` / `Monday, 25 December 2017`. Written out by
 * hand rather than with Intl so the text does not change with the ICU data Node ships.
 */
export function formatIssueDate(date: string, locale: Locale): string {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return locale === "zh-CN"
    ? `${y}年${m}月${d}日 ${WEEKDAYS_ZH[weekday]}`
    : `${WEEKDAYS_EN[weekday]}, ${d} ${MONTHS_EN[m - 1]} ${y}`;
}

function imageBlocks(images: Image[]): Block[] {
  return images.map((img) =>
    img.alt ? { kind: "image", src: img.src, alt: img.alt } : { kind: "image", src: img.src },
  );
}

/** A body's paragraphs: one block per non-empty line. */
function paragraphs(body: string): Block[] {
  return body
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((text) => ({ kind: "paragraph", text }));
}

/**
 * A section: its heading, then for each item its numbered title, body paragraphs, source and images,
 * with a `break` between items (where renderers prefer to split). The editorial's running text
 * comes as paragraphs.
 */
export function sectionBlocks(section: Section, locale: Locale): Block[] {
  const blocks: Block[] = [{ kind: "heading", text: section.title, key: section.key }];
  if (section.body) blocks.push(...paragraphs(section.body));
  blocks.push(...imageBlocks(section.images));
  section.items.forEach((item, i) => {
    if (i > 0 || section.body?.trim()) blocks.push({ kind: "break" });
    blocks.push({ kind: "title", n: item.n, text: item.title });
    blocks.push(...paragraphs(item.body));
    if (item.source) blocks.push({ kind: "source", text: sourceText(item.source, locale) });
    blocks.push(...imageBlocks(item.images));
  });
  return blocks;
}

/**
 * The issue's opening: the title line as editors write it (`#老高电商快报# 【12月25日电商晚报】`), the date
 * (`2017年12月25日 星期一`), the numbered lead as an ordered list, and the lead's images.
 */
export function headlineBlocks(issue: Issue, locale: Locale): Block[] {
  const hashtag = issue.hashtag?.trim();
  const title = t(locale, "render.title", { title: issue.title });
  const blocks: Block[] = [
    { kind: "heading", text: hashtag ? `#${hashtag}# ${title}` : issue.title },
    { kind: "note", text: formatIssueDate(issue.date, locale) },
  ];
  const lead = [...issue.headlines].sort((a, b) => a.n - b.n).map((h) => h.text);
  if (lead.length) blocks.push({ kind: "list", items: lead, ordered: true });
  blocks.push(...imageBlocks(issue.images));
  return blocks;
}

/** The footer lines (reprint notice, invitation to join the club) as notes. */
export function footerBlocks(issue: Issue): Block[] {
  return issue.footer
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((text) => ({ kind: "note", text }));
}

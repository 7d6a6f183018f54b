import type { Config } from "../config.ts";
import type { Issue } from "../domain/issue.ts";
import type { Locale } from "../domain/locale.ts";
import { t } from "./i18n/index.ts";
import type { SectionChange } from "./issue-diff.ts";
import type { Block, Button, Reply } from "./ports/index.ts";
import { humanSchedule } from "./time.ts";

/** Messages per platform for each section key (`headlines` for the lead), as the push would send them. */
export type PartCounts = Record<string, Record<string, number>>;

/** The line admins type on platforms without buttons, and the button's callback on Telegram. */
export function approveCommand(issue: Pick<Issue, "date" | "edition">): { data: string; keyword: string } {
  const suffix = issue.edition === "evening" ? "" : ` ${issue.edition}`;
  return { data: `/publish ${issue.date}${suffix}`, keyword: `批准 ${issue.date}${suffix}` };
}

function approveButton(issue: Issue, locale: Locale): Button[][] {
  return [[{ text: t(locale, "approval.button"), ...approveCommand(issue) }]];
}

function partsText(counts: Record<string, number> | undefined, locale: Locale): string {
  const entries = Object.entries(counts ?? {});
  if (entries.length === 0) return "-";
  return entries
    .map(([platform, count]) => t(locale, "approval.partsOn", { platform, count }))
    .join(locale === "zh-CN" ? "，" : ", ");
}

/** What an editor should look at before approving: items without a source, images no platform can fetch. */
export function issueWarnings(issue: Issue, config: Pick<Config, "imageBaseUrl">, locale: Locale): string[] {
  const warnings: string[] = [];
  if (issue.headlines.length === 0) warnings.push(t(locale, "approval.warnNoHeadlines"));
  for (const s of issue.sections)
    for (const item of s.items)
      if (!item.source) warnings.push(t(locale, "approval.warnNoSource", { section: s.title, n: item.n }));
  if (!config.imageBaseUrl) {
    const images = [
      ...issue.images,
      ...issue.sections.flatMap((s) => [...s.images, ...s.items.flatMap((i) => i.images)]),
    ].filter((img) => !/^(https?|file):/i.test(img.src)).length;
    if (images > 0) warnings.push(t(locale, "approval.warnImages", { count: images }));
  }
  return warnings;
}

export interface PreviewContext {
  config: Pick<Config, "pushAt" | "tz" | "imageBaseUrl">;
  locale: Locale;
  counts: PartCounts;
  /** Where the issue came from (the article's URL, `import`), shown to the admins. */
  source?: string;
}

/**
 * The preview an admin approves from: headlines, the sections with their item and message counts,
 * the warnings, and the 批准推送 / Approve button (a keyword to send on WeChat).
 */
export function approvalPreview(issue: Issue, ctx: PreviewContext): Reply {
  const { locale } = ctx;
  const blocks: Block[] = [
    { kind: "heading", text: t(locale, "approval.previewHeading", { title: issue.title, date: issue.date }) },
  ];
  if (ctx.source) blocks.push({ kind: "note", text: t(locale, "approval.source", { source: ctx.source }) });
  if (issue.headlines.length > 0) {
    blocks.push({ kind: "paragraph", text: t(locale, "approval.headlines") });
    blocks.push({ kind: "list", ordered: true, items: issue.headlines.map((h) => h.text) });
  }
  blocks.push({ kind: "paragraph", text: t(locale, "approval.sections") });
  const lines = issue.sections.map((s) =>
    t(locale, "approval.sectionLine", {
      title: s.title,
      items: s.items.length,
      parts: partsText(ctx.counts[s.key], locale),
    }),
  );
  blocks.push({ kind: "list", items: lines });
  const warnings = issueWarnings(issue, ctx.config, locale);
  if (warnings.length > 0) {
    blocks.push({ kind: "paragraph", text: t(locale, "approval.warnings") });
    blocks.push({ kind: "list", items: warnings.slice(0, 20) });
  }
  const schedule = humanSchedule(ctx.config.pushAt, ctx.config.tz, locale);
  blocks.push({ kind: "note", text: t(locale, "approval.howTo", { schedule, date: issue.date }) });
  return { blocks, buttons: approveButton(issue, locale), locale };
}

/** One line per change, as the admins read it. */
export function changeLines(changes: SectionChange[], locale: Locale): string[] {
  const lines: string[] = [];
  for (const c of changes) {
    if (c.kind === "added") lines.push(t(locale, "approval.changeAdded", { section: c.title }));
    else if (c.kind === "removed") lines.push(t(locale, "approval.changeRemoved", { section: c.title }));
    else if (c.items.length === 0) lines.push(t(locale, "approval.changeWhole", { section: c.title }));
    for (const i of c.items) {
      const key =
        i.kind === "added"
          ? "approval.itemAdded"
          : i.kind === "removed"
            ? "approval.itemRemoved"
            : "approval.itemChanged";
      lines.push(t(locale, key, { section: c.title, n: i.n, title: i.title }));
    }
  }
  return lines;
}

/** A correction to approve: what changes, part by part, and what approving it does. */
export function correctionPreview(issue: Issue, changes: SectionChange[], ctx: PreviewContext): Reply {
  const { locale } = ctx;
  const blocks: Block[] = [
    {
      kind: "heading",
      text: t(locale, "approval.correctionHeading", { title: issue.title, date: issue.date }),
    },
  ];
  if (ctx.source) blocks.push({ kind: "note", text: t(locale, "approval.source", { source: ctx.source }) });
  blocks.push({ kind: "paragraph", text: t(locale, "approval.changes") });
  blocks.push({ kind: "list", items: changeLines(changes, locale) });
  blocks.push({ kind: "note", text: t(locale, "approval.correctionHowTo", { date: issue.date }) });
  return { blocks, buttons: approveButton(issue, locale), locale };
}

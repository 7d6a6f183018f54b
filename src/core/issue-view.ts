import type { Issue, Section } from "../domain/issue.ts";
import type { Locale } from "../domain/locale.ts";
import { KNOWN_SECTIONS, normalizeWord, sectionKeyForAlias, slugForHeader } from "../domain/sections.ts";
import { footerBlocks, headlineBlocks, sectionBlocks, sectionDisplayName } from "../render/issue-blocks.ts";
import { type DateWords, parseDateWords } from "./dates.ts";
import type { Block, Button, Reply } from "./ports/index.ts";
import { displayDate, humanSchedule } from "./time.ts";
import type { CommandContext } from "./types.ts";

const CJK = /[\u3400-\u9fff]/;

/** How the bot names a section in its own messages (`跨境快报` / `Cross-border`). */
export const sectionName = sectionDisplayName;

/** Telegram refuses callback data over 64 bytes (UTF-8); a section's button must stay within it. */
const CALLBACK_DATA_MAX = 64;

/**
 * The word for a section in `/section <word>`: its key, except for the hash slug of a header with
 * no Latin letters (`s-b61lvp` for 品牌快报), which readers could neither guess nor type. There the
 * editor's title stands instead, when the button's data stays within Telegram's limit and the title
 * leads back to this same section (a last word that reads as a date would not); else the key.
 */
export function sectionWord(issue: Issue, section: Pick<Section, "key" | "title">, date?: string): string {
  const opaque = /^s-[0-9a-z]+$/.test(section.key) && !/[a-z0-9]/.test(normalizeWord(section.title));
  if (!opaque) return section.key;
  const title = section.title.replace(/\s+/g, " ").trim();
  const data = date ? `/section ${title} ${date}` : `/section ${title}`;
  if (new TextEncoder().encode(data).length > CALLBACK_DATA_MAX) return section.key;
  const { word } = splitSectionArgs(date ? `${title} ${date}` : title);
  return findSection(issue, word).section?.key === section.key ? title : section.key;
}

/** `跨境`, `cross border`, `crossborder 2018-01-08`, `cb 1月8日`: a section word and, last, an optional date. */
export function splitSectionArgs(args: string): { word: string; date: DateWords | undefined } {
  const parts = args.split(/\s+/).filter(Boolean);
  const last = parts.at(-1);
  const date = parts.length > 1 && last ? parseDateWords(last) : undefined;
  return { word: (date ? parts.slice(0, -1) : parts).join(" "), date };
}

/**
 * What a reader sends to get a section: the shortest form in the reader's language (`跨境`,
 * `/crossborder`), or `/section <word>` for a section only this publisher has (`word` from
 * `sectionWord`: its key, or the title for a key nobody could type). For an archived issue the
 * full date follows (`跨境 2018-01-07`), so it opens that issue and no other year's.
 */
export function askFor(key: string, locale: Locale, date?: string, word = key): string {
  const known = KNOWN_SECTIONS.find((s) => s.key === key);
  const alias = locale === "zh-CN" ? known?.aliases.find((a) => CJK.test(a)) : undefined;
  const base = alias ?? (known ? `/${known.key}` : `/section ${word}`);
  return date ? `${base} ${date}` : base;
}

/** The list of an issue's sections with how to ask for each, and one button per section. */
export function sectionChoices(
  issue: Issue,
  locale: Locale,
  date?: string,
): { blocks: Block[]; buttons: Button[][] } {
  const words = new Map(issue.sections.map((s) => [s.key, sectionWord(issue, s, date)]));
  const blocks: Block[] = issue.sections.map((s) => ({
    kind: "command",
    text: askFor(s.key, locale, date, words.get(s.key)),
    description: sectionName(s, locale),
  }));
  // `keyword` is what platforms without buttons tell the reader to send instead of tapping.
  const flat: Button[] = issue.sections.map((s) => ({
    text: sectionName(s, locale),
    data: date ? `/section ${words.get(s.key)} ${date}` : `/section ${words.get(s.key)}`,
    keyword: askFor(s.key, locale, date, words.get(s.key)),
  }));
  const buttons: Button[][] = [];
  for (let i = 0; i < flat.length; i += 2) buttons.push(flat.slice(i, i + 2));
  return { blocks, buttons };
}

/**
 * An issue at a glance: its headlines, then its sections and how to ask for each. `archived` makes
 * the section commands carry the date; an issue older than today says so, so nobody mistakes it for today's.
 */
export function overviewReply(issue: Issue, ctx: CommandContext, opts: { archived: boolean }): Reply {
  const blocks: Block[] = [];
  if (!opts.archived && issue.date < ctx.today) {
    blocks.push({
      kind: "note",
      text: ctx.t("issue.olderThanToday", { date: displayDate(issue.date, ctx.locale) }),
    });
  }
  blocks.push(...headlineBlocks(issue, ctx.locale));
  const choices = sectionChoices(issue, ctx.locale, opts.archived ? issue.date : undefined);
  blocks.push(
    { kind: "heading", text: ctx.t("issue.sectionsHeading") },
    { kind: "note", text: ctx.t("issue.howToAsk") },
    ...choices.blocks,
  );
  return { blocks, buttons: choices.buttons };
}

/** One section of an issue; the last section carries the issue's footer (reprint notice, club invitation). */
export function sectionReply(issue: Issue, section: Section, locale: Locale): Reply {
  const blocks = [...sectionBlocks(section, locale)];
  if (issue.sections.at(-1)?.key === section.key) blocks.push(...footerBlocks(issue));
  return { blocks };
}

/** The lead of an issue on its own (`/headlines`), when the editor did not write it as a section. */
export function headlinesReply(issue: Issue, locale: Locale): Reply {
  return { blocks: headlineBlocks(issue, locale) };
}

/** The friendly answer when nothing has been imported yet. */
export function noIssueReply(ctx: CommandContext): Reply {
  const schedule = humanSchedule(ctx.config.pushAt, ctx.config.tz, ctx.locale);
  return { blocks: [{ kind: "paragraph", text: ctx.t("common.noIssue", { schedule }) }] };
}

/** The issue of one date, evening edition first (it is the main one), else the morning one. */
export async function issueOn(ctx: CommandContext, date: string): Promise<Issue | undefined> {
  return (await ctx.store.getIssue(date, "evening")) ?? (await ctx.store.getIssue(date, "morning"));
}

/** The issue readers mean by "today": the newest on or before today in the publisher's timezone. */
export function latestIssue(ctx: CommandContext): Promise<Issue | undefined> {
  return ctx.store.latestIssue(ctx.today);
}

/**
 * The section of `issue` a reader's word names: a known alias (`跨境`, `cb`), a key, the editor's
 * own header (`品牌快报`), or its slug. `key` is set when the word names a known section the issue lacks.
 */
export function findSection(issue: Issue, word: string): { section?: Section; key?: string } {
  const w = normalizeWord(word).replace(/[:：]$/, "");
  const key = sectionKeyForAlias(w);
  const section =
    issue.sections.find((s) => s.key === (key ?? w)) ??
    issue.sections.find((s) => normalizeWord(s.title).replace(/[:：]$/, "") === w) ??
    issue.sections.find((s) => s.key === slugForHeader(w));
  return { section, key: section ? section.key : key };
}

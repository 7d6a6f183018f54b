import type { Issue } from "../../domain/issue.ts";
import { text } from "../args.ts";
import { type DateWords, resolveDate } from "../dates.ts";
import {
  findSection,
  headlinesReply,
  issueOn,
  latestIssue,
  noIssueReply,
  sectionChoices,
  sectionName,
  sectionReply,
  splitSectionArgs,
} from "../issue-view.ts";
import type { Reply } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import { displayDate } from "../time.ts";
import type { CommandContext } from "../types.ts";

/** `跨境`, `cross border`, `crossborder 2018-01-08`, `cb 1月8日`: a section word and, last, an optional date. */
export const sectionArgs = text(80).transform(splitSectionArgs);

/** The issue a section request means: of the given date, else the latest on or before today. */
async function issueFor(ctx: CommandContext, date: DateWords | undefined): Promise<Issue | undefined> {
  if (!date) return latestIssue(ctx);
  const stored = (await ctx.store.listIssues()).map((i) => i.date);
  return issueOn(ctx, resolveDate(date, ctx.today, stored));
}

/** The sections an issue has, as the reply to a wrong or missing section word. */
function choicesReply(ctx: CommandContext, issue: Issue, lead: string, date: DateWords | undefined): Reply {
  const choices = sectionChoices(issue, ctx.locale, date ? issue.date : undefined);
  return {
    blocks: [
      { kind: "paragraph", text: lead },
      { kind: "note", text: ctx.t("section.available") },
      ...choices.blocks,
    ],
    buttons: choices.buttons,
  };
}

/** Shared by `/section <word>` and the per-section shortcuts (`/crossborder`, 跨境). */
export async function showSection(ctx: CommandContext, word: string, date?: DateWords): Promise<Reply[]> {
  const issue = await issueFor(ctx, date);
  if (!issue) {
    if (!date) return [noIssueReply(ctx)];
    const wanted = resolveDate(date, ctx.today);
    return [
      {
        blocks: [
          { kind: "paragraph", text: ctx.t("issue.notFound", { date: displayDate(wanted, ctx.locale) }) },
          { kind: "note", text: ctx.t("issue.tryList") },
        ],
      },
    ];
  }
  if (!word.trim()) return [choicesReply(ctx, issue, ctx.t("section.choose"), date)];
  const found = findSection(issue, word);
  if (found.section) return [sectionReply(issue, found.section, ctx.locale)];
  // The lead is not a section in most issues: `/headlines` shows it on its own.
  if (found.key === "headlines") return [headlinesReply(issue, ctx.locale)];
  if (found.key) {
    const name = sectionName({ key: found.key, title: word }, ctx.locale);
    const lead = ctx.t("section.missing", { date: displayDate(issue.date, ctx.locale), name });
    return [choicesReply(ctx, issue, lead, date)];
  }
  return [choicesReply(ctx, issue, ctx.t("section.unknown", { word: word.slice(0, 40) }), date)];
}

/** `/section <key|alias> [date]`: one section of today's (or that date's) issue. */
export const section = defineCommand({
  name: "section",
  where: ["group", "private"],
  help: "help.section",
  usage: "usage.section",
  args: sectionArgs,
  run: (ctx, args) => showSection(ctx, args.word, args.date),
});

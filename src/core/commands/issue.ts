import { optionalDate } from "../args.ts";
import { resolveDate } from "../dates.ts";
import { issueOn, noIssueReply, overviewReply } from "../issue-view.ts";
import type { Button, Reply } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import { displayDate } from "../time.ts";
import type { CommandContext } from "../types.ts";

const LIST_LENGTH = 10;

/** The latest issues, newest first, with a button to open each. */
async function listIssues(ctx: CommandContext): Promise<Reply[]> {
  const all = await ctx.store.listIssues();
  const latest = all.filter((i) => i.date <= ctx.today).slice(0, LIST_LENGTH);
  if (latest.length === 0) return [noIssueReply(ctx)];
  const flat: Button[] = latest.map((i) => ({
    text: displayDate(i.date, ctx.locale),
    data: `/issue ${i.date}`,
  }));
  const buttons: Button[][] = [];
  for (let i = 0; i < flat.length; i += 2) buttons.push(flat.slice(i, i + 2));
  return [
    {
      blocks: [
        { kind: "heading", text: ctx.t("issues.heading") },
        {
          kind: "list",
          items: latest.map(
            (i) => `${i.date}${i.edition === "morning" ? ` (${ctx.t("issues.morning")})` : ""} · ${i.title}`,
          ),
        },
        { kind: "note", text: ctx.t("issues.howToOpen", { example: latest[0]?.date ?? "2018-01-08" }) },
      ],
      buttons,
    },
  ];
}

/** `/issue <date>` shows an archived issue; `/issues`, `/issue` and 往期 list the latest ten. */
export const issue = defineCommand({
  name: "issue",
  aliases: ["issues", "archive"],
  keywords: ["往期", "往期快报"],
  keywordTakesArgs: true,
  where: ["group", "private"],
  help: "help.issue",
  usage: "usage.issue",
  args: optionalDate,
  async run(ctx, date) {
    if (!date) return listIssues(ctx);
    const stored = (await ctx.store.listIssues()).map((i) => i.date);
    const iso = resolveDate(date, ctx.today, stored);
    const found = await issueOn(ctx, iso);
    if (!found) {
      return [
        {
          blocks: [
            { kind: "paragraph", text: ctx.t("issue.notFound", { date: displayDate(iso, ctx.locale) }) },
            { kind: "note", text: ctx.t("issue.tryList") },
          ],
        },
      ];
    }
    return [overviewReply(found, ctx, { archived: true })];
  },
});

import { text } from "../args.ts";
import { latestIssue, noIssueReply, overviewReply } from "../issue-view.ts";
import { defineCommand } from "../registry.ts";

/** `/today` / 今日: the latest issue's headlines and its sections, with a button for each. */
export const today = defineCommand({
  name: "today",
  aliases: ["latest"],
  keywords: ["今日", "今天", "今日快报", "今天的快报", "最新", "最新快报"],
  where: ["group", "private"],
  help: "help.today",
  args: text(),
  async run(ctx) {
    const issue = await latestIssue(ctx);
    if (!issue) return [noIssueReply(ctx)];
    return [overviewReply(issue, ctx, { archived: false })];
  },
});

import { pushArgs } from "../args.ts";
import { resolveDate } from "../dates.ts";
import { defineCommand } from "../registry.ts";

/** Admin `/push [date] [force]`: asks the delivery layer to push now (today's issue, or that date's). */
export const push = defineCommand({
  name: "push",
  where: ["group", "private"],
  admin: true,
  listedAdminsOnly: true,
  help: "help.push",
  usage: "usage.push",
  args: pushArgs,
  async run(ctx, { date: words, force }) {
    if (!ctx.admin) {
      ctx.outcome = "delivery not running";
      return [{ blocks: [{ kind: "paragraph", text: ctx.t("push.notRunning") }] }];
    }
    const stored = words ? (await ctx.store.listIssues()).map((i) => i.date) : [];
    const date = words ? resolveDate(words, ctx.today, stored) : undefined;
    const result = await ctx.admin.pushNow({
      date,
      requestedBy: ctx.msg.senderId,
      replyTo: ctx.msg.chatId,
      ...(force ? { force } : {}),
    });
    ctx.outcome = `${result.started ? "started" : "not started"}: ${result.message}`;
    const key = result.started ? "push.started" : "push.notStarted";
    return [{ blocks: [{ kind: "paragraph", text: ctx.t(key, { message: result.message }) }] }];
  },
});

import { z } from "zod";
import { defineCommand } from "../registry.ts";

/**
 * Admin `/desk` in a private chat: a one-time link that signs them in to the editor's desk (ten
 * minutes, one use). Private only, so the link is never posted where others could use it first;
 * the audit records that a link was given, never the link.
 */
export const desk = defineCommand({
  name: "desk",
  aliases: ["dashboard"],
  keywords: ["编辑台"],
  where: ["private"],
  admin: true,
  help: "desk.cmd.desk",
  args: z.string(),
  async run(ctx) {
    const url = await ctx.admin?.deskLink?.(ctx.msg.senderId);
    ctx.outcome = url ? "sign-in link given" : "desk not running";
    const text = url ? ctx.t("desk.link.reply", { url }) : ctx.t("desk.link.off");
    return [{ blocks: [{ kind: "paragraph", text }] }];
  },
});

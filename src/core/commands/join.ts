import { text } from "../args.ts";
import type { Reply } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import type { CommandContext } from "../types.ts";

/**
 * The answer to `/join` in a group: applications happen in private. Where the platform has deep
 * links a button opens the private chat; where it has friend requests the reader adds the bot first.
 * Exported for the merchant dialogue, which keeps this group behaviour when it replaces `/join`.
 */
export function joinInGroupReply(ctx: CommandContext): Reply {
  const way = ctx.platforms.capabilities(ctx.msg.platform)?.privateChat;
  if (way === "add-friend") return { blocks: [{ kind: "paragraph", text: ctx.t("join.inGroupFriend") }] };
  const bot = ctx.msg.botUsername?.replace(/^@/, "");
  const link = way === "deep-link" && bot ? ctx.platforms.deepLink(ctx.msg.platform, bot, "join") : undefined;
  if (!link) return { blocks: [{ kind: "paragraph", text: ctx.t("common.privateOnly") }] };
  return {
    blocks: [{ kind: "paragraph", text: ctx.t("join.inGroupLink") }],
    buttons: [[{ text: ctx.t("join.button"), url: link }]],
  };
}

/**
 * `/join` / 加入 / 申请入会: the merchant application. Until the application dialogue is registered
 * in its place, a private `/join` honestly says applications open soon and whom to ask.
 */
export const join = defineCommand({
  name: "join",
  aliases: ["apply"],
  keywords: ["加入", "申请入会", "入会", "申请加入", "我要入会"],
  where: ["group", "private"],
  help: "help.join",
  args: text(),
  async run(ctx) {
    if (ctx.msg.chatKind !== "private") return [joinInGroupReply(ctx)];
    return [{ blocks: [{ kind: "paragraph", text: ctx.t("start.joinSoon") }] }];
  },
});

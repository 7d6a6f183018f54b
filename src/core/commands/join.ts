import type { Reply } from "../../render/blocks.ts";
import { text } from "../args.ts";
import { defineCommand } from "../registry.ts";
import type { CommandContext } from "../types.ts";

/**
 * The answer to `/join` in a group: applications happen in private. On Telegram a button opens the
 * private chat with the deep link; on WeChat the reader must add the bot as a friend first.
 * Exported for the merchant dialogue, which keeps this group behaviour when it replaces `/join`.
 */
export function joinInGroupReply(ctx: CommandContext): Reply {
  const bot = ctx.msg.botUsername?.replace(/^@/, "");
  if (ctx.msg.platform === "wechat")
    return { blocks: [{ kind: "paragraph", text: ctx.t("join.inGroupWechat") }] };
  if (!bot) return { blocks: [{ kind: "paragraph", text: ctx.t("common.privateOnly") }] };
  return {
    blocks: [{ kind: "paragraph", text: ctx.t("join.inGroupTelegram") }],
    buttons: [[{ text: ctx.t("join.button"), url: `https://t.me/${encodeURIComponent(bot)}?start=join` }]],
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

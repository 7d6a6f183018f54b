import { optionalChatRef } from "../args.ts";
import { updateChat } from "../chat-record.ts";
import { textReply } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import { chatTarget } from "./chat-target.ts";
import { PAUSED_SETTING } from "./pause.ts";

/** Admin `/resume [chat]`: lifts the global pause, or one chat's. A chat the bot left stays gone. */
export const resume = defineCommand({
  name: "resume",
  where: ["group", "private"],
  admin: true,
  help: "help.resume",
  usage: "usage.resume",
  args: optionalChatRef,
  async run(ctx, ref) {
    const target = await chatTarget(ctx, ref);
    if (!target) {
      await ctx.store.setSetting(PAUSED_SETTING, false);
      ctx.outcome = "resumed all pushes";
      return [textReply(ctx.t("resume.all"))];
    }
    if ("unknown" in target) return target.unknown;
    const { chat, name } = target;
    if (chat.state === "inactive") {
      ctx.outcome = `${chat.id} is inactive`;
      return [textReply(ctx.t("resume.inactive", { chat: name, reason: chat.inactiveReason ?? "?" }))];
    }
    if (chat.state !== "paused") {
      ctx.outcome = `${chat.id} was not paused`;
      return [textReply(ctx.t("resume.notPaused", { chat: name }))];
    }
    await updateChat(ctx.store, chat, { state: "active" });
    ctx.outcome = `resumed ${chat.id}`;
    return [textReply(ctx.t("resume.chat", { chat: name }))];
  },
});

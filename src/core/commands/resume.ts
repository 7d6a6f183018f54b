import { optionalChatRef } from "../args.ts";
import { defineCommand } from "../registry.ts";
import { PAUSED_SETTING, say, target } from "./pause.ts";

/** Admin `/resume [chat]`: lifts the global pause, or one chat's. A chat the bot left stays gone. */
export const resume = defineCommand({
  name: "resume",
  where: ["group", "private"],
  admin: true,
  help: "help.resume",
  usage: "usage.resume",
  args: optionalChatRef,
  async run(ctx, ref) {
    const id = target(ctx, ref);
    if (!id) {
      await ctx.store.setSetting(PAUSED_SETTING, false);
      ctx.outcome = "resumed all pushes";
      return say(ctx.t("resume.all"));
    }
    const chat = await ctx.store.getChat(id);
    if (!chat) {
      ctx.outcome = `unknown chat ${id}`;
      return say(ctx.t("admin.unknownChat", { chat: id }));
    }
    const name = chat.title ? `${chat.title} (${id})` : id;
    if (chat.state === "inactive") {
      ctx.outcome = `${id} is inactive`;
      return say(ctx.t("resume.inactive", { chat: name, reason: chat.inactiveReason ?? "?" }));
    }
    if (chat.state !== "paused") {
      ctx.outcome = `${id} was not paused`;
      return say(ctx.t("resume.notPaused", { chat: name }));
    }
    await ctx.store.upsertChat({ id: chat.id, platform: chat.platform, kind: chat.kind, state: "active" });
    ctx.outcome = `resumed ${id}`;
    return say(ctx.t("resume.chat", { chat: name }));
  },
});

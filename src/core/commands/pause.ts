import { PAUSED_SETTING } from "../../delivery/paused.ts";
import { optionalChatRef } from "../args.ts";
import { updateChat } from "../chat-record.ts";
import { textReply } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import { chatTarget } from "./chat-target.ts";

export { PAUSED_SETTING };

/** Admin `/pause [chat]`: stops all pushes, or the pushes to one chat. */
export const pause = defineCommand({
  name: "pause",
  where: ["group", "private"],
  admin: true,
  help: "help.pause",
  usage: "usage.pause",
  args: optionalChatRef,
  async run(ctx, ref) {
    const target = await chatTarget(ctx, ref);
    if (!target) {
      await ctx.store.setSetting(PAUSED_SETTING, true);
      ctx.outcome = "paused all pushes";
      return [textReply(ctx.t("pause.all"))];
    }
    if ("unknown" in target) return target.unknown;
    const { chat, name } = target;
    if (chat.state === "active") await updateChat(ctx.store, chat, { state: "paused" });
    ctx.outcome = `paused ${chat.id}`;
    return [textReply(ctx.t("pause.chat", { chat: name }))];
  },
});

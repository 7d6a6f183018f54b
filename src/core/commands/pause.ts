import { PAUSED_SETTING } from "../../delivery/paused.ts";
import { optionalChatRef } from "../args.ts";
import { type Reply, textReply } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import type { CommandContext } from "../types.ts";

export { PAUSED_SETTING };

/** One paragraph as a command's whole answer. */
export function say(text: string): Reply[] {
  return [textReply(text)];
}

/** Shared by /pause and /resume: which chat an admin names (`here` is the chat they write in). */
export function target(ctx: CommandContext, ref: string | undefined): string | undefined {
  return ref === "here" ? ctx.msg.chatId : ref;
}

/** Admin `/pause [chat]`: stops all pushes, or the pushes to one chat. */
export const pause = defineCommand({
  name: "pause",
  where: ["group", "private"],
  admin: true,
  help: "help.pause",
  usage: "usage.pause",
  args: optionalChatRef,
  async run(ctx, ref) {
    const id = target(ctx, ref);
    if (!id) {
      await ctx.store.setSetting(PAUSED_SETTING, true);
      ctx.outcome = "paused all pushes";
      return say(ctx.t("pause.all"));
    }
    const chat = await ctx.store.getChat(id);
    if (!chat) {
      ctx.outcome = `unknown chat ${id}`;
      return say(ctx.t("admin.unknownChat", { chat: id }));
    }
    if (chat.state === "active") {
      await ctx.store.upsertChat({ id: chat.id, platform: chat.platform, kind: chat.kind, state: "paused" });
    }
    ctx.outcome = `paused ${id}`;
    return say(ctx.t("pause.chat", { chat: chat.title ? `${chat.title} (${id})` : id }));
  },
});

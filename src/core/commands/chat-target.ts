import type { Chat } from "../../domain/chat.ts";
import { type Reply, textReply } from "../ports/index.ts";
import type { CommandContext } from "../types.ts";

/**
 * The chat an admin names in /pause and /resume (`here` is the chat they write in): undefined for
 * "every chat", else the stored chat with the name to show, or the answer for an unknown one.
 */
export async function chatTarget(
  ctx: CommandContext,
  ref: string | undefined,
): Promise<undefined | { chat: Chat; name: string } | { unknown: Reply[] }> {
  const id = ref === "here" ? ctx.msg.chatId : ref;
  if (!id) return undefined;
  const chat = await ctx.store.getChat(id);
  if (!chat) {
    ctx.outcome = `unknown chat ${id}`;
    return { unknown: [textReply(ctx.t("admin.unknownChat", { chat: id }))] };
  }
  return { chat, name: chat.title ? `${chat.title} (${id})` : id };
}

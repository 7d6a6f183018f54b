import type { Chat } from "../domain/chat.ts";
import type { Store } from "../store/store.ts";
import type { CommandContext } from "./types.ts";

/** Changes a stored chat's record; its identity (id, platform, kind) stays as stored. */
export function updateChat(
  store: Store,
  chat: Pick<Chat, "id" | "platform" | "kind">,
  change: Partial<Chat>,
): Promise<Chat> {
  return store.upsertChat({ ...change, id: chat.id, platform: chat.platform, kind: chat.kind });
}

/**
 * Writes this chat's record. A chat first seen through a command (not through the bot being added)
 * starts unsubscribed unless the change says otherwise: only `added` and `/subscribe` start a push.
 */
export async function saveChat(ctx: CommandContext, change: Partial<Chat>): Promise<Chat> {
  const { msg } = ctx;
  const base = ctx.chat
    ? {}
    : { subscribed: false, title: msg.chatKind === "private" ? (msg.senderName ?? "") : "" };
  const saved = await ctx.store.upsertChat({
    ...base,
    ...change,
    id: msg.chatId,
    platform: msg.platform,
    kind: msg.chatKind,
  });
  ctx.chat = saved;
  return saved;
}

import type { Chat, Message, MessageEntity, Update, User } from "telegraf/types";
import type { ChatEvent, Incoming } from "../../core/ports/index.ts";
import { type ChatKind, chatId } from "../../domain/chat.ts";

/** What decoding needs to know about the bot itself and how to ask Telegram about a member. */
export interface DecodeContext {
  botId: number;
  botUsername: string;
  /** Looks the member's status up (getChatMember); only called when the core asks. */
  isAdmin(rawChatId: number, userId: number): Promise<boolean>;
}

/** A decoded update: something for the router, a chat lifecycle event, a button to acknowledge, or nothing. */
export type Decoded =
  | { kind: "message"; msg: Incoming }
  | { kind: "callback"; msg: Incoming; callbackQueryId: string }
  | { kind: "event"; event: ChatEvent }
  | { kind: "ignored"; why: string };

export function chatKindOf(type: Chat["type"]): ChatKind {
  if (type === "private") return "private";
  if (type === "channel") return "channel";
  return "group";
}

function chatTitle(chat: Chat): string {
  if ("title" in chat) return chat.title;
  const name = [chat.first_name, "last_name" in chat ? chat.last_name : undefined].filter(Boolean).join(" ");
  return name || ("username" in chat && chat.username ? chat.username : String(chat.id));
}

function userName(user: User): string {
  return [user.first_name, user.last_name].filter(Boolean).join(" ") || user.username || String(user.id);
}

/** UTF-16 slice of a message text by an entity (Telegram's offsets are UTF-16, like JS strings). */
function entityText(text: string, e: MessageEntity): string {
  return text.slice(e.offset, e.offset + e.length);
}

/**
 * Whether a message is addressed to the bot: `/cmd@ThisBot`, an `@ThisBot` mention (or a
 * text_mention of the bot), or a reply to one of the bot's messages.
 */
export function mentionsBot(message: Message, ctx: Pick<DecodeContext, "botId" | "botUsername">): boolean {
  const text = "text" in message ? message.text : "caption" in message ? (message.caption ?? "") : "";
  const entities =
    "entities" in message
      ? message.entities
      : "caption_entities" in message
        ? message.caption_entities
        : undefined;
  const me = ctx.botUsername.toLowerCase();
  for (const e of entities ?? []) {
    const piece = entityText(text, e).toLowerCase();
    if (e.type === "bot_command" && piece.endsWith(`@${me}`)) return true;
    if (e.type === "mention" && piece === `@${me}`) return true;
    if (e.type === "text_mention" && e.user.id === ctx.botId) return true;
  }
  const replied = "reply_to_message" in message ? message.reply_to_message : undefined;
  return replied?.from?.id === ctx.botId;
}

function isAdminFn(ctx: DecodeContext, chat: Chat, message: Message | undefined, userId: number) {
  return async (): Promise<boolean> => {
    if (chat.type === "private") return true;
    // An anonymous group admin writes as the group itself.
    if (message && "sender_chat" in message && message.sender_chat?.id === chat.id) return true;
    return ctx.isAdmin(chat.id, userId);
  };
}

function decodeMessage(message: Message, ctx: DecodeContext): Decoded {
  const chat = message.chat;
  if ("migrate_to_chat_id" in message) {
    return {
      kind: "event",
      event: {
        type: "migrated",
        fromChatId: chatId("telegram", chat.id),
        toChatId: chatId("telegram", message.migrate_to_chat_id),
      },
    };
  }
  if ("new_chat_title" in message) {
    return {
      kind: "event",
      event: { type: "renamed", chatId: chatId("telegram", chat.id), title: message.new_chat_title },
    };
  }
  const text = "text" in message ? message.text : undefined;
  if (text === undefined) return { kind: "ignored", why: "not a text message" };
  const from = message.from;
  if (!from) return { kind: "ignored", why: "no sender" };
  if (from.id === ctx.botId) return { kind: "ignored", why: "our own message" };
  const msg: Incoming = {
    platform: "telegram",
    chatId: chatId("telegram", chat.id),
    chatKind: chatKindOf(chat.type),
    senderId: chatId("telegram", from.id),
    senderName: userName(from),
    text,
    mentionsBot: mentionsBot(message, ctx),
    botUsername: ctx.botUsername,
    isChatAdmin: isAdminFn(ctx, chat, message, from.id),
  };
  if (from.language_code) msg.languageCode = from.language_code;
  return { kind: "message", msg };
}

const PRESENT = new Set(["member", "administrator", "creator", "restricted"]);

function decodeMyChatMember(update: Update.MyChatMemberUpdate["my_chat_member"]): Decoded {
  const { chat, old_chat_member: before, new_chat_member: after } = update;
  const isIn = (m: typeof before) => PRESENT.has(m.status) && (m.status !== "restricted" || m.is_member);
  const id = chatId("telegram", chat.id);
  if (!isIn(before) && isIn(after)) {
    return {
      kind: "event",
      event: { type: "added", chatId: id, chatKind: chatKindOf(chat.type), title: chatTitle(chat) },
    };
  }
  if (isIn(before) && !isIn(after)) {
    const reason =
      chat.type === "private" ? "blocked by the user" : after.status === "kicked" ? "kicked" : "left";
    return { kind: "event", event: { type: "removed", chatId: id, reason } };
  }
  return { kind: "ignored", why: `member status ${before.status} -> ${after.status}` };
}

/**
 * Turns a raw Bot API update into what the core understands. Never throws on an update it does
 * not know: those come back as `ignored` with a reason for the debug log.
 */
export function decodeUpdate(update: Update, ctx: DecodeContext): Decoded {
  if ("message" in update) return decodeMessage(update.message, ctx);
  if ("callback_query" in update) {
    const q = update.callback_query;
    const data = "data" in q ? q.data : undefined;
    const message = q.message;
    // A button on an old or inline message may come without its chat: answer in private then.
    const chat: Chat = message?.chat ?? { id: q.from.id, type: "private", first_name: q.from.first_name };
    if (data === undefined) return { kind: "ignored", why: "callback without data" };
    const msg: Incoming = {
      platform: "telegram",
      chatId: chatId("telegram", chat.id),
      chatKind: chatKindOf(chat.type),
      senderId: chatId("telegram", q.from.id),
      senderName: userName(q.from),
      text: data,
      mentionsBot: true,
      isCallback: true,
      botUsername: ctx.botUsername,
      isChatAdmin: isAdminFn(ctx, chat, undefined, q.from.id),
    };
    if (q.from.language_code) msg.languageCode = q.from.language_code;
    return { kind: "callback", msg, callbackQueryId: q.id };
  }
  if ("my_chat_member" in update) return decodeMyChatMember(update.my_chat_member);
  if ("channel_post" in update) return { kind: "ignored", why: "channel post (channels are push only)" };
  return {
    kind: "ignored",
    why: `unhandled update: ${Object.keys(update)
      .filter((k) => k !== "update_id")
      .join(",")}`,
  };
}

import { types } from "wechaty";
import type { ContactInterface, MessageInterface, RoomInterface, WechatyInterface } from "wechaty/impls";
import type { ChatEvent, Incoming } from "../../core/ports/index.ts";

/**
 * wechaty objects → the core's neutral shapes. Nothing here sends anything: the adapter decides
 * what to do with a decoded update.
 */

/** Rooms and contacts are namespaced the same way: `wechat:<roomId>` / `wechat:<contactId>`. */
export function wechatChatId(rawId: string): string {
  return `wechat:${rawId}`;
}

/** What the decoder needs to know about the bot's own state. */
export interface DecodeContext {
  /** Messages and room events stamped before this (ms since epoch) are history, not news. */
  startedAt: number;
  /** Slack for puppets that stamp in whole seconds or run a little behind our clock. */
  graceMs: number;
  /** The logged-in account's contact id (undefined before login). */
  selfId: () => string | undefined;
}

export type DropReason = "self" | "not-text" | "old" | "empty" | "no-talker" | "official";

export type Decoded = { ok: true; incoming: Incoming; roomId?: string } | { ok: false; reason: DropReason };

/** What a bare @mention of the bot stands for. */
export const BARE_MENTION_TEXT = "/help";

/** A message stamped before the bot started belongs to a replayed backlog (after a reconnect or a re-login). */
export function isHistory(date: Date, ctx: DecodeContext): boolean {
  return date.getTime() < ctx.startedAt - ctx.graceMs;
}

/**
 * A wechaty message → `Incoming`, or why it was dropped. The bot's own messages, anything that is not
 * text (images, links, mini-programs, system notices) and messages from before the start are dropped:
 * answering a replayed backlog after a reconnect would flood every room at once.
 */
export async function decodeMessage(msg: MessageInterface, ctx: DecodeContext): Promise<Decoded> {
  if (msg.self()) return { ok: false, reason: "self" };
  if (msg.type() !== types.Message.Text) return { ok: false, reason: "not-text" };
  if (isHistory(msg.date(), ctx)) return { ok: false, reason: "old" };
  const talker = msg.talker();
  if (!talker) return { ok: false, reason: "no-talker" };
  const selfId = ctx.selfId();
  if (selfId && talker.id === selfId) return { ok: false, reason: "self" };
  // Official accounts (公众号) post to the bot like people do; answering them is noise.
  if (safely(() => talker.type(), types.Contact.Unknown) === types.Contact.Official) {
    return { ok: false, reason: "official" };
  }

  const room = msg.room();
  if (room) {
    // Mention lookups ask the puppet for contacts; one failing must not lose the message.
    const mentionsBot = await msg.mentionSelf().catch(() => false);
    // mentionText() removes every "@name " wechaty can resolve; the leading-@ pass catches a mention of
    // the bot by a name wechaty could not match (a puppet without mention ids, a renamed bot).
    const raw = mentionsBot ? await msg.mentionText().catch(() => msg.text()) : msg.text();
    let text = cleanText(mentionsBot ? stripLeadingMention(raw) : raw);
    // A bare "@bot" is someone asking what the bot can do.
    if (!text && mentionsBot) text = BARE_MENTION_TEXT;
    if (!text) return { ok: false, reason: "empty" };
    const incoming: Incoming = {
      platform: "wechat",
      chatId: wechatChatId(room.id),
      chatKind: "group",
      senderId: wechatChatId(talker.id),
      senderName: safely(() => talker.name(), "") || undefined,
      text,
      mentionsBot,
      isChatAdmin: async () => isRoomOwner(room, talker),
    };
    return { ok: true, incoming, roomId: room.id };
  }

  const text = cleanText(msg.text());
  if (!text) return { ok: false, reason: "empty" };
  return {
    ok: true,
    incoming: {
      platform: "wechat",
      chatId: wechatChatId(talker.id),
      chatKind: "private",
      senderId: wechatChatId(talker.id),
      senderName: safely(() => talker.name(), "") || undefined,
      text,
      // A private chat is always addressed to the bot.
      mentionsBot: true,
    },
  };
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** WeChat separates a mention from the text with U+2005 (four-per-em space); readers also pad with spaces. */
export function cleanText(text: string): string {
  return text.replace(/\u2005/g, " ").trim();
}

/** Drops "@Name " at the start of a message that is known to mention the bot. */
export function stripLeadingMention(text: string): string {
  return text.replace(/^\s*@[^\s\u2005]+[\s\u2005]+/, "");
}

/** WeChat rooms have one owner (群主); puppets report it as `ownerId`. */
async function isRoomOwner(room: RoomInterface, talker: ContactInterface): Promise<boolean> {
  try {
    const owner = room.owner();
    return owner !== undefined && owner.id === talker.id;
  } catch {
    return false;
  }
}

async function roomTitle(room: RoomInterface): Promise<string> {
  try {
    return (await room.topic()) || room.id;
  } catch {
    return room.id;
  }
}

/** `room-join`: only the bot being added matters (members coming and going are not our business). */
export async function decodeRoomJoin(
  room: RoomInterface,
  invitees: ContactInterface[],
  date: Date,
  ctx: DecodeContext,
): Promise<ChatEvent | undefined> {
  const selfId = ctx.selfId();
  if (!selfId || !invitees.some((c) => c.id === selfId)) return undefined;
  if (isHistory(date, ctx)) return undefined;
  return { type: "added", chatId: wechatChatId(room.id), chatKind: "group", title: await roomTitle(room) };
}

/**
 * `room-leave`: WeChat reports only removals (a member leaving by themselves makes no event), so the bot
 * among the leavers means it was removed. Not filtered by age: a removal is true whenever it happened.
 */
export function decodeRoomLeave(
  room: RoomInterface,
  leavers: ContactInterface[],
  ctx: DecodeContext,
): ChatEvent | undefined {
  const selfId = ctx.selfId();
  if (!selfId || !leavers.some((c) => c.id === selfId)) return undefined;
  // Who removed the bot is a member's personal data: the store keeps only that it happened.
  return { type: "removed", chatId: wechatChatId(room.id), reason: "removed from the WeChat room" };
}

/** `room-topic`: the room was renamed; ids stay, the title kept for people follows. */
export function decodeRoomTopic(room: RoomInterface, newTopic: string): ChatEvent | undefined {
  const title = newTopic.trim();
  if (!title) return undefined;
  return { type: "renamed", chatId: wechatChatId(room.id), title };
}

/** The logged-in account's id, or undefined while logged out (reading it then makes wechaty emit an error). */
export function currentUserId(wechaty: WechatyInterface): string | undefined {
  try {
    return wechaty.isLoggedIn ? wechaty.currentUser.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builders for realistic updates, shaped as the Bot API sends them (entities for `/commands` and
 * `@mentions` with UTF-16 offsets, chat types, my_chat_member transitions, migration messages).
 * They return updates without `update_id`; the server assigns it when the update is pushed.
 */
import type { MessageEntity } from "./html.ts";

export type ChatType = "private" | "group" | "supergroup" | "channel";

export interface ApiChat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
}

export interface ApiUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** An update as the server queues it (the fields we build; the API has many more kinds). */
export type ApiUpdate = { update_id: number } & Record<string, unknown>;
export type NewUpdate = Omit<ApiUpdate, "update_id">;

/** A chat given by id (type inferred from the sign: negative ids are groups) or in full. */
export type ChatLike = number | (Partial<ApiChat> & { id: number });
export type UserLike = number | (Partial<ApiUser> & { id: number });

/** Private chats are positive; supergroups and channels are `-100` followed by ten or more digits. */
export function inferChatType(id: number): ChatType {
  if (id > 0) return "private";
  return id <= -1_000_000_000_000 ? "supergroup" : "group";
}

export function toChat(c: ChatLike, from?: ApiUser): ApiChat {
  const base = typeof c === "number" ? { id: c } : c;
  const type = base.type ?? inferChatType(base.id);
  const chat: ApiChat = { id: base.id, type };
  if (type === "private") {
    chat.first_name = base.first_name ?? from?.first_name ?? `User ${base.id}`;
    if (from?.username) chat.username = from.username;
  } else {
    chat.title = base.title ?? `Group ${base.id}`;
  }
  return chat;
}

export function toUser(u: UserLike): ApiUser {
  const base = typeof u === "number" ? { id: u } : u;
  return {
    id: base.id,
    is_bot: base.is_bot ?? false,
    first_name: base.first_name ?? `Reader ${base.id}`,
    ...(base.last_name ? { last_name: base.last_name } : {}),
    ...(base.username ? { username: base.username } : {}),
    language_code: base.language_code ?? "zh-hans",
  };
}

/** Entities the Telegram client would attach: every `/command[@bot]`, `@username`, and URL. */
export function detectEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const re = /(^|[\s(])(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?|@[a-zA-Z0-9_]{5,32}|https?:\/\/[^\s]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const token = m[2] as string;
    const offset = m.index + (m[1] as string).length;
    const type = token.startsWith("/") ? "bot_command" : token.startsWith("@") ? "mention" : "url";
    entities.push({ type, offset, length: token.length });
  }
  return entities;
}

let messageSeq = 1_000_000;
const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface TextMessageOpts {
  chat: ChatLike;
  from?: UserLike;
  text: string;
  /** The message this one replies to (e.g. one the bot sent: take it from `api.sent`). */
  replyTo?: Record<string, unknown>;
  messageId?: number;
}

export function buildTextMessage(opts: TextMessageOpts): NewUpdate {
  const from = toUser(opts.from ?? (typeof opts.chat === "number" && opts.chat > 0 ? opts.chat : 4242));
  const chat = toChat(opts.chat, from);
  const entities = detectEntities(opts.text);
  const message: Record<string, unknown> = {
    message_id: opts.messageId ?? messageSeq++,
    date: nowSeconds(),
    chat,
    text: opts.text,
  };
  if (chat.type !== "channel") message.from = from;
  if (entities.length) message.entities = entities;
  if (opts.replyTo) message.reply_to_message = opts.replyTo;
  return chat.type === "channel" ? { channel_post: message } : { message };
}

export interface CallbackQueryOpts {
  /** The message carrying the button (as the bot sent it). */
  message: Record<string, unknown>;
  from?: UserLike;
  data: string;
}

export function buildCallbackQuery(opts: CallbackQueryOpts): NewUpdate {
  const from = toUser(opts.from ?? 4242);
  return {
    callback_query: {
      id: String(Date.now()) + String(messageSeq++),
      from,
      message: opts.message,
      chat_instance: String((opts.message.chat as ApiChat | undefined)?.id ?? 0),
      data: opts.data,
    },
  };
}

export type MemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";

export interface MyChatMemberOpts {
  chat: ChatLike;
  /** Who added or removed the bot. */
  from?: UserLike;
  bot: ApiUser;
  status: MemberStatus;
  oldStatus?: MemberStatus;
}

export function buildMyChatMember(opts: MyChatMemberOpts): NewUpdate {
  const from = toUser(opts.from ?? 4242);
  const oldStatus =
    opts.oldStatus ?? (opts.status === "left" || opts.status === "kicked" ? "member" : "left");
  const member = (status: MemberStatus) =>
    status === "kicked" ? { status, user: opts.bot, until_date: 0 } : { status, user: opts.bot };
  return {
    my_chat_member: {
      chat: toChat(opts.chat, from),
      from,
      date: nowSeconds(),
      old_chat_member: member(oldStatus),
      new_chat_member: member(opts.status),
    },
  };
}

/** The two service messages Telegram sends when a group becomes a supergroup. */
export function buildMigration(oldId: number, newId: number, title?: string, from?: UserLike): NewUpdate[] {
  const user = toUser(from ?? 4242);
  const t = title ?? `Group ${oldId}`;
  return [
    {
      message: {
        message_id: messageSeq++,
        date: nowSeconds(),
        chat: { id: oldId, type: "group", title: t },
        from: user,
        migrate_to_chat_id: newId,
      },
    },
    {
      message: {
        message_id: 1,
        date: nowSeconds(),
        chat: { id: newId, type: "supergroup", title: t },
        from: { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" },
        sender_chat: { id: newId, type: "supergroup", title: t },
        migrate_from_chat_id: oldId,
      },
    },
  ];
}

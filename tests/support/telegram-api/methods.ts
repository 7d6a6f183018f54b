/**
 * What the stand-in's Bot API methods do: chat state (kicked, blocked, migrated), validation with
 * the real server's wording, flood control, and a record of every accepted message. No HTTP here:
 * server.ts parses requests and calls `call(method, payload)`.
 */
import { HtmlParseError, type MessageEntity, parseHtml } from "./html.ts";
import type { FloodControl } from "./limits.ts";
import { type ApiChat, type ApiUser, inferChatType, type MemberStatus } from "./updates.ts";

/** An error answer: `{ ok: false, error_code, description, parameters }`. */
export class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Record<string, number>,
  ) {
    super(description);
  }
}

const bad = (what: string) => new ApiFailure(400, `Bad Request: ${what}`);

/** A file part of a multipart upload, as the stand-in keeps it (bytes counted, not stored). */
export interface UploadedFile {
  filename: string;
  size: number;
}

/** One message the stand-in accepted, as a test sees it. */
export interface SentMessage {
  method: string;
  /** The chat id as the API knows it (a number, or `@channel` when sent by username). */
  chatId: number | string;
  messageId: number;
  /** Text or caption exactly as the bot sent it (markup included). */
  text?: string;
  caption?: string;
  /** The text or caption after parse mode: what readers see. */
  parsedText: string;
  entities: MessageEntity[];
  parseMode?: string;
  replyMarkup?: unknown;
  linkPreviewOptions?: unknown;
  /** sendPhoto: a URL / file_id string, or the uploaded file. */
  photo?: string | UploadedFile;
  /** sendMediaGroup: the items, with attach:// references resolved to uploads. */
  media?: Array<{ type: string; media: string | UploadedFile; caption?: string }>;
  mediaGroupId?: string;
  /** The Message object returned to the bot (use it as `message` of a callback query). */
  message: Record<string, unknown>;
  /** Milliseconds (the server's clock) when accepted. */
  time: number;
}

interface ChatState {
  chat: ApiChat;
  nextMessageId: number;
  gone?: string;
  migratedTo?: number;
  members: Map<number, MemberStatus>;
}

export interface Fault {
  code: number | "reset";
  retryAfter?: number;
  description?: string;
  /** Only calls of this method fail (default: every method but getUpdates). */
  method?: string;
  remaining: number;
}

export type Payload = Record<string, unknown>;

export interface MethodContext {
  bot: ApiUser;
  now: () => number;
  flood: () => FloodControl | undefined;
  onSent: (m: SentMessage) => void;
}

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

export class BotApiState {
  readonly chats = new Map<string, ChatState>();
  readonly messages = new Map<string, SentMessage>();
  readonly commands = new Map<string, unknown[]>();
  readonly brokenUrls = new Set<string>();
  /** The file_ids this server gave out for photos: a later send may name one instead of uploading. */
  readonly fileIds = new Set<string>();
  private mediaGroupSeq = 1;
  private fileSeq = 1;

  constructor(private readonly ctx: MethodContext) {}

  chat(id: unknown): ChatState {
    const key = String(id);
    let state = this.chats.get(key);
    if (!state) {
      const num = Number(key);
      const type = Number.isInteger(num) ? inferChatType(num) : "channel";
      const chat: ApiChat = { id: Number.isInteger(num) ? num : 0, type };
      if (type === "private") chat.first_name = `User ${key}`;
      else chat.title = `Chat ${key}`;
      state = { chat, nextMessageId: 1, members: new Map() };
      this.chats.set(key, state);
    }
    return state;
  }

  /** Registers what an update said about a chat (type, title), so answers match it. */
  learnChat(chat: ApiChat): void {
    const state = this.chat(chat.id);
    state.chat = { ...state.chat, ...chat };
  }

  private writable(chatId: unknown): ChatState {
    if (chatId === undefined || chatId === "") throw bad("chat_id is empty");
    const state = this.chat(chatId);
    if (state.migratedTo !== undefined) {
      throw new ApiFailure(400, "Bad Request: group chat was upgraded to a supergroup chat", {
        migrate_to_chat_id: state.migratedTo,
      });
    }
    if (state.gone) throw new ApiFailure(403, `Forbidden: ${state.gone}`);
    return state;
  }

  private throttle(state: ChatState, p: Payload): void {
    const flood = this.ctx.flood();
    if (!flood) return;
    const isGroup = state.chat.type === "group" || state.chat.type === "supergroup";
    // Multipart bodies carry it as the string "true".
    const paid = p.allow_paid_broadcast === true || p.allow_paid_broadcast === "true";
    const retryAfter = flood.take(String(state.chat.id), isGroup, this.ctx.now(), paid);
    if (retryAfter > 0) {
      throw new ApiFailure(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
  }

  private parse(text: string, parseMode: unknown, field: "text" | "caption") {
    if (parseMode === "HTML" || parseMode === "html") {
      try {
        return parseHtml(text);
      } catch (e) {
        if (e instanceof HtmlParseError) throw bad(`can't parse entities: ${e.message}`);
        throw e;
      }
    }
    void field;
    return { text, entities: [] };
  }

  private checkMarkup(markup: unknown): void {
    if (markup === undefined) return;
    const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
    if (rows === undefined) return;
    if (!Array.isArray(rows))
      throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
    for (const row of rows) {
      if (!Array.isArray(row))
        throw bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      for (const b of row as Array<Record<string, unknown>>) {
        if (typeof b.text !== "string" || b.text === "")
          throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        if (typeof b.callback_data === "string") {
          const bytes = Buffer.byteLength(b.callback_data, "utf8");
          if (bytes < 1 || bytes > 64) throw bad("BUTTON_DATA_INVALID");
        } else if (typeof b.url === "string") {
          if (!/^(https?|tg):\/\/\S+$/.test(b.url))
            throw bad(`inline keyboard button URL '${b.url}' is invalid`);
        } else {
          throw bad(
            "can't parse inline keyboard button: InlineKeyboardButton must have exactly one of the optional fields",
          );
        }
      }
    }
  }

  private accept(
    state: ChatState,
    method: string,
    payload: Payload,
    fields: Partial<SentMessage> & { parsedText: string; entities: MessageEntity[] },
    messageExtra: Record<string, unknown>,
  ): SentMessage {
    const messageId = state.nextMessageId++;
    const now = this.ctx.now();
    const message: Record<string, unknown> = {
      message_id: messageId,
      from: this.ctx.bot,
      chat: state.chat,
      date: Math.floor(Date.now() / 1000),
      ...messageExtra,
    };
    if (payload.reply_markup !== undefined) message.reply_markup = payload.reply_markup;
    const sent: SentMessage = {
      method,
      chatId: state.chat.id || String(payload.chat_id),
      messageId,
      parseMode: payload.parse_mode as string | undefined,
      replyMarkup: payload.reply_markup,
      linkPreviewOptions: payload.link_preview_options,
      message,
      time: now,
      ...fields,
    };
    this.messages.set(`${String(payload.chat_id)}:${messageId}`, sent);
    this.ctx.onSent(sent);
    return sent;
  }

  sendMessage(p: Payload): unknown {
    const state = this.writable(p.chat_id);
    const text = typeof p.text === "string" ? p.text : "";
    if (text.trim() === "") throw bad("message text is empty");
    const parsed = this.parse(text, p.parse_mode, "text");
    if (parsed.text.trim() === "") throw bad("message text is empty");
    if (parsed.text.length > MAX_TEXT) throw bad("message is too long");
    this.checkMarkup(p.reply_markup);
    this.throttle(state, p);
    const extra: Record<string, unknown> = { text: parsed.text };
    if (parsed.entities.length) extra.entities = parsed.entities;
    return this.accept(
      state,
      "sendMessage",
      p,
      { text, parsedText: parsed.text, entities: parsed.entities },
      extra,
    ).message;
  }

  private caption(p: { caption?: unknown; parse_mode?: unknown }) {
    if (typeof p.caption !== "string") return { text: "", entities: [] as MessageEntity[] };
    const parsed = this.parse(p.caption, p.parse_mode, "caption");
    if (parsed.text.length > MAX_CAPTION) throw bad("message caption is too long");
    return parsed;
  }

  private media(value: unknown): string | UploadedFile {
    if (typeof value === "string") {
      if (value === "") throw bad("there is no photo in the request");
      if (this.brokenUrls.has(value)) throw bad("failed to get HTTP URL content");
      // Anything but a URL is a file_id, and only one this server gave out is one.
      if (!/^https?:\/\//i.test(value) && !this.fileIds.has(value))
        throw bad("wrong file identifier/HTTP URL specified");
      return value;
    }
    if (value && typeof value === "object" && "size" in value) return value as UploadedFile;
    throw bad("there is no photo in the request");
  }

  sendPhoto(p: Payload): unknown {
    const state = this.writable(p.chat_id);
    const photo = this.media(p.photo);
    const cap = this.caption(p);
    this.checkMarkup(p.reply_markup);
    this.throttle(state, p);
    // A photo sent by file_id keeps it; an upload or a URL becomes a new file.
    let fileId = typeof photo === "string" && this.fileIds.has(photo) ? photo : undefined;
    if (!fileId) {
      fileId = `AgACAgIAAxk-photo-${this.fileSeq++}`;
      this.fileIds.add(fileId).add(`${fileId}-s`);
    }
    const extra: Record<string, unknown> = {
      photo: [
        { file_id: `${fileId}-s`, file_unique_id: `${fileId}-s`, width: 90, height: 68 },
        { file_id: fileId, file_unique_id: fileId, width: 800, height: 600 },
      ],
    };
    if (cap.text) extra.caption = cap.text;
    if (cap.entities.length) extra.caption_entities = cap.entities;
    return this.accept(
      state,
      "sendPhoto",
      p,
      { caption: p.caption as string | undefined, parsedText: cap.text, entities: cap.entities, photo },
      extra,
    ).message;
  }

  sendMediaGroup(p: Payload, files: Map<string, UploadedFile>): unknown {
    const state = this.writable(p.chat_id);
    const items = p.media;
    if (!Array.isArray(items) || items.length < 2 || items.length > 10) {
      throw bad("media group must contain 2-10 items");
    }
    const resolved = items.map((raw: Record<string, unknown>) => {
      const ref = raw.media;
      const media =
        typeof ref === "string" && ref.startsWith("attach://")
          ? (files.get(ref.slice("attach://".length)) ?? this.media(""))
          : this.media(ref);
      const cap = this.caption({ caption: raw.caption, parse_mode: raw.parse_mode });
      return { type: String(raw.type ?? "photo"), media, caption: cap.text || undefined };
    });
    this.throttle(state, p);
    const groupId = String(this.mediaGroupSeq++);
    return resolved.map(
      (item, i) =>
        this.accept(
          state,
          "sendMediaGroup",
          { ...p, reply_markup: undefined },
          {
            parsedText: item.caption ?? "",
            entities: [],
            media: i === 0 ? resolved : undefined,
            mediaGroupId: groupId,
          },
          {
            media_group_id: groupId,
            photo: [{ file_id: `m${i}`, file_unique_id: `m${i}`, width: 800, height: 600 }],
          },
        ).message,
    );
  }

  editMessageText(p: Payload): unknown {
    const state = this.writable(p.chat_id);
    const old = this.messages.get(`${String(p.chat_id)}:${String(p.message_id)}`);
    if (!old) throw bad("message to edit not found");
    const text = typeof p.text === "string" ? p.text : "";
    const parsed = this.parse(text, p.parse_mode, "text");
    if (parsed.text.trim() === "") throw bad("message text is empty");
    if (parsed.text.length > MAX_TEXT) throw bad("message is too long");
    this.checkMarkup(p.reply_markup);
    if (
      parsed.text === old.parsedText &&
      JSON.stringify(p.reply_markup) === JSON.stringify(old.replyMarkup)
    ) {
      throw bad(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    old.text = text;
    old.parsedText = parsed.text;
    old.entities = parsed.entities;
    old.replyMarkup = p.reply_markup;
    old.message = { ...old.message, text: parsed.text, edit_date: Math.floor(Date.now() / 1000) };
    void state;
    return old.message;
  }

  editMessageCaption(p: Payload): unknown {
    this.writable(p.chat_id);
    const old = this.messages.get(`${String(p.chat_id)}:${String(p.message_id)}`);
    if (!old) throw bad("message to edit not found");
    if (old.method === "sendMessage") throw bad("there is no caption in the message to edit");
    const cap = this.caption(p);
    if (cap.text === old.parsedText && JSON.stringify(p.reply_markup) === JSON.stringify(old.replyMarkup)) {
      throw bad(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    old.caption = p.caption as string | undefined;
    old.parsedText = cap.text;
    old.entities = cap.entities;
    old.replyMarkup = p.reply_markup;
    old.message = { ...old.message, caption: cap.text, edit_date: Math.floor(Date.now() / 1000) };
    return old.message;
  }

  sendChatAction(p: Payload): unknown {
    this.writable(p.chat_id);
    return true;
  }

  answerCallbackQuery(p: Payload): unknown {
    if (typeof p.callback_query_id !== "string" || p.callback_query_id === "")
      throw bad("query is too old and response timeout expired or query ID is invalid");
    if (typeof p.text === "string" && p.text.length > 200) throw bad("MESSAGE_TOO_LONG");
    return true;
  }

  setMyCommands(p: Payload): unknown {
    const list = p.commands;
    if (!Array.isArray(list) || list.length > 100) throw bad("too many commands");
    for (const c of list as Array<Record<string, unknown>>) {
      if (typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command))
        throw bad("BOT_COMMAND_INVALID");
      if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
        throw bad("command description is empty");
      }
    }
    this.commands.set(commandsKey(p), list);
    return true;
  }

  getMyCommands(p: Payload): unknown {
    return this.commands.get(commandsKey(p)) ?? [];
  }

  getChat(p: Payload): unknown {
    const state = this.writable(p.chat_id);
    return state.chat;
  }

  getChatMember(p: Payload): unknown {
    const state = this.writable(p.chat_id);
    const userId = Number(p.user_id);
    if (!Number.isInteger(userId)) throw bad("invalid user_id specified");
    const status = state.members.get(userId) ?? "member";
    const user =
      userId === this.ctx.bot.id
        ? this.ctx.bot
        : { id: userId, is_bot: false, first_name: `Reader ${userId}` };
    return status === "administrator" || status === "creator"
      ? { status, user, is_anonymous: false, can_be_edited: false }
      : { status, user };
  }

  createChatInviteLink(p: Payload): unknown {
    const state = this.writable(p.chat_id);
    if (state.chat.type === "private") throw bad("can't invite members to a private chat");
    const code = `${Math.abs(state.chat.id).toString(36)}${(this.mediaGroupSeq++).toString(36)}`;
    return {
      invite_link: `https://t.me/+${code}`,
      creator: this.ctx.bot,
      creates_join_request: false,
      is_primary: false,
      is_revoked: false,
      ...(typeof p.name === "string" ? { name: p.name } : {}),
    };
  }
}

function commandsKey(p: Payload): string {
  const s = p.scope as { type?: string; chat_id?: unknown } | undefined;
  // One chat's menu (`chat`, `chat_member`) is its own: keyed by the chat too (`chat:900`).
  const scope = s?.chat_id !== undefined ? `${s.type}:${String(s.chat_id)}` : (s?.type ?? "default");
  return `${scope}|${typeof p.language_code === "string" ? p.language_code : ""}`;
}

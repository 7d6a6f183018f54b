import type { ChatKind, Platform } from "../domain/chat.ts";
import type { OutPart, Reply } from "../render/blocks.ts";

/** A chat update translated out of a platform's own shape; what the core router sees. */
export interface Incoming {
  platform: Platform;
  /** Namespaced chat id (`telegram:-100123`). */
  chatId: string;
  chatKind: ChatKind;
  /** Namespaced sender id (`telegram:42`, `wechat:wxid_abc`). */
  senderId: string;
  senderName?: string;
  /** The message text, or for a button press its callback data. */
  text: string;
  /** True when the message @mentions the bot, replies to it, or is `/cmd@ThisBot`. */
  mentionsBot: boolean;
  /** Set when this came from pressing a button (Telegram callback query). */
  isCallback?: boolean;
  /** The sender's language as the platform reports it (Telegram `language_code`). */
  languageCode?: string;
  /** The bot's own username on this platform (Telegram), for deep links such as `https://t.me/<bot>?start=join`. */
  botUsername?: string;
  /**
   * The operator at the bot's own terminal (the console chat): not a stranger who could flood the
   * bot, so no per-sender flood limit applies. Remote platforms never set it.
   */
  localOperator?: boolean;
  /** Whether the sender administers this group on the platform (filled lazily by adapters that can tell). */
  isChatAdmin?: () => Promise<boolean>;
}

/** Platform lifecycle events the core records (bot added/removed, group migrated, room renamed). */
export type ChatEvent =
  | { type: "added"; chatId: string; chatKind: ChatKind; title: string }
  | { type: "removed"; chatId: string; reason: string }
  | { type: "migrated"; fromChatId: string; toChatId: string }
  | { type: "renamed"; chatId: string; title: string }
  /**
   * A chat the account is already in, found by listing (WeChat rooms joined before paperboy's first
   * start): recorded as known but not subscribed, without a word said in it.
   */
  | { type: "known"; chatId: string; chatKind: ChatKind; title: string };

/**
 * What an adapter calls for every inbound update. The app behind these handlers routes the update,
 * renders the replies and sends them through the delivery layer's limiter itself; it returns them
 * only for logging and tests. Adapters must NOT send the returned replies again.
 */
export interface InboundHandlers {
  /** Returns the replies that were sent back to the same chat, in order. */
  onMessage(msg: Incoming): Promise<Reply[]>;
  onChatEvent(event: ChatEvent): Promise<Reply[]>;
}

export interface Capabilities {
  buttons: boolean;
  html: boolean;
  /** Longest text one message may carry (after markup is parsed). */
  maxTextLength: number;
  maxCaptionLength: number;
  /**
   * Whether a sent message can be changed in place: `send` then honours a part's `editOf` (the
   * message id to edit). Adapters without it get corrections as a new notice instead.
   */
  edit?: boolean;
}

/** Returned by a successful send: the platform's message id, for the delivery ledger. */
export interface SendReceipt {
  messageId: string;
}

/**
 * A platform adapter: a small lifecycle plus one way to send. `send` throws the typed errors of
 * delivery/errors.ts; it does not throttle or retry (the delivery layer does both for every send).
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  readonly capabilities: Capabilities;
  start(handlers: InboundHandlers): Promise<void>;
  stop(): Promise<void>;
  /** Turns a reply into this platform's parts (renderer + limits). */
  render(reply: Reply): OutPart[];
  send(chatId: string, part: OutPart): Promise<SendReceipt>;
  /**
   * Whether the account can send right now (WeChat: logged in and connected). Adapters without it
   * are always ready; the dispatcher waits on `whenReady` instead of spending retries while offline.
   */
  isReady?(): boolean;
  whenReady?(signal?: AbortSignal): Promise<void>;
  /** A one-use, expiring invite link to a group (Telegram), for approved club applicants. */
  createInviteLink?(chatId: string): Promise<string>;
  /** Adds a person (their private chat id) to a group directly (WeChat rooms). */
  addToRoom?(roomChatId: string, userChatId: string): Promise<void>;
}

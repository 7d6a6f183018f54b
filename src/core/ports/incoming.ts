import type { ChatKind, Platform } from "../../domain/chat.ts";

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
   * The operator at the bot's own terminal: not a stranger who could flood the bot, so no
   * per-sender flood limit applies. Remote platforms never set it.
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
   * A chat the account is already in, found by listing (rooms joined before paperboy's first
   * start): recorded as known but not subscribed, without a word said in it.
   */
  | { type: "known"; chatId: string; chatKind: ChatKind; title: string };

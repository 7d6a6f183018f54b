import type { Config } from "../config.ts";
import type { Chat } from "../domain/chat.ts";
import { type Locale, localeFromLanguageCode } from "../domain/locale.ts";
import type { Incoming } from "./ports/index.ts";

/**
 * The language to answer in: the chat's own choice (`/lang`) first; in a private chat that never
 * chose, the reader's app language as Telegram reports it; otherwise PAPERBOY_LOCALE. A group's
 * language is never taken from whoever happens to speak in it.
 */
export function replyLocale(
  chat: Pick<Chat, "locale"> | undefined,
  msg: Pick<Incoming, "chatKind" | "languageCode">,
  config: Pick<Config, "locale">,
): Locale {
  if (chat?.locale) return chat.locale;
  if (msg.chatKind === "private") return localeFromLanguageCode(msg.languageCode, config.locale);
  return config.locale;
}

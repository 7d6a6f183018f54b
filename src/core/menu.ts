import type { Locale } from "../domain/locale.ts";
import { COMMANDS } from "./commands/index.ts";
import { t } from "./i18n/index.ts";
import type { RegisteredCommand } from "./types.ts";

/** One entry of a platform's command menu (Telegram `setMyCommands`: name 1–32 of `a-z0-9_`, description 1–256). */
export interface MenuEntry {
  command: string;
  description: string;
}

function entries(locale: Locale, commands: readonly RegisteredCommand[]): MenuEntry[] {
  return commands
    .filter((c) => c.help)
    .map((c) => ({ command: c.name, description: t(locale, c.help ?? "help.help").slice(0, 256) }))
    .slice(0, 100);
}

/**
 * The readers' commands with their /help descriptions, in /help order, for a platform's command
 * menu. Taken from the registry so the menu never lists a command the router does not know.
 * Admin commands are left out: this menu is shown to everyone.
 */
export function commandMenu(locale: Locale, commands: readonly RegisteredCommand[] = COMMANDS): MenuEntry[] {
  return entries(
    locale,
    commands.filter((c) => !c.admin),
  );
}

/**
 * Every listed command, the admin ones too (/approve, /reject, /applications, /push …), in /help
 * order: the menu for the admins' own chats (PAPERBOY_ADMINS in private, PAPERBOY_ADMIN_CHAT).
 */
export function adminMenu(locale: Locale, commands: readonly RegisteredCommand[] = COMMANDS): MenuEntry[] {
  return entries(locale, commands);
}

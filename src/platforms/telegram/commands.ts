import type { BotCommand } from "telegraf/types";
import { adminMenu, commandMenu } from "../../core/menu.ts";

/**
 * The command menu Telegram shows under the message box, built from the router's own command list
 * so it never offers a command the bot does not know. English is the default; users whose client
 * reports a `zh*` language_code get the Chinese one. The admins' chats get the admin menu.
 */
export const MENU: Record<"en" | "zh" | "adminEn" | "adminZh", BotCommand[]> = {
  en: commandMenu("en"),
  zh: commandMenu("zh-CN"),
  adminEn: adminMenu("en"),
  adminZh: adminMenu("zh-CN"),
};

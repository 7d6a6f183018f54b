import type { BotCommand } from "telegraf/types";

/**
 * The command menu Telegram shows under the message box. English is the default; users whose
 * client reports a `zh*` language_code get the Chinese one. Names: `[a-z0-9_]{1,32}`.
 */
export const MENU: Record<"en" | "zh", BotCommand[]> = {
  en: [
    { command: "today", description: "Today's issue: headlines and sections" },
    { command: "section", description: "One section, e.g. /section crossborder" },
    { command: "join", description: "Apply to join the club (in private chat)" },
    { command: "help", description: "What this bot does" },
  ],
  zh: [
    { command: "today", description: "今日快报：要闻与栏目" },
    { command: "section", description: "查看某个栏目，例如 /section crossborder" },
    { command: "join", description: "申请加入俱乐部（私聊）" },
    { command: "help", description: "帮助：机器人能做什么" },
  ],
};

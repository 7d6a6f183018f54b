import { t } from "../core/i18n/index.ts";
import type { Button } from "../core/ports/index.ts";
import type { Locale } from "../domain/locale.ts";
import { KNOWN_SECTIONS } from "../domain/sections.ts";

/**
 * How platforms without buttons show a button: as a line telling the reader what to type (the
 * convention is documented on `Button` in blocks.ts).
 */

/** The Chinese keywords of the everyday commands (design.md's command table). */
const CHINESE_KEYWORDS: Record<string, string> = {
  today: "今日",
  issue: "往期",
  join: "加入",
  cancel: "取消",
  help: "帮助",
  start: "帮助",
  subscribe: "订阅",
  unsubscribe: "退订",
  approve: "通过",
  reject: "拒绝",
};

/** Commands that show something to read: their hint says "查看 …" ("to see …"). */
const VIEWING = new Set(["today", "section", "issue", "help", "start"]);

const HAN = /\p{Script=Han}/u;

function parseCommand(data: string): { name: string; args: string } | undefined {
  const m = /^\/([A-Za-z0-9_]+)(?:\s+([\s\S]*))?$/.exec(data.trim());
  return m ? { name: (m[1] ?? "").toLowerCase(), args: (m[2] ?? "").trim() } : undefined;
}

function chineseSectionWord(key: string): string | undefined {
  return KNOWN_SECTIONS.find((s) => s.key === key)?.aliases.find((a) => HAN.test(a));
}

/** What a reader types to do what a callback button does, e.g. `跨境` for `/section crossborder` in Chinese. */
export function typedCommand(button: { data: string; keyword?: string }, locale: Locale): string {
  if (button.keyword?.trim()) return button.keyword.trim();
  const cmd = parseCommand(button.data);
  if (!cmd || locale !== "zh-CN") return button.data.trim();
  if (cmd.name === "section") return chineseSectionWord(cmd.args.toLowerCase()) ?? button.data.trim();
  // Per-section shortcuts such as `/crossborder`.
  const shortcut = chineseSectionWord(cmd.name);
  if (shortcut && !cmd.args) return shortcut;
  const word = CHINESE_KEYWORDS[cmd.name];
  if (!word) return button.data.trim();
  return cmd.args ? `${word} ${cmd.args}` : word;
}

function isViewing(data: string): boolean {
  const cmd = parseCommand(data);
  if (!cmd) return false;
  return VIEWING.has(cmd.name) || KNOWN_SECTIONS.some((s) => s.key === cmd.name);
}

/**
 * One line telling the reader how to use a button on a platform without buttons:
 * `发送「跨境」查看跨境快报`, `发送「加入」：申请入会`, `Send "/today" to see Today's issue`,
 * or for a link `报名表：https://…`.
 */
export function buttonHint(button: Button, locale: Locale): string {
  const text = button.text.replace(/\s+/g, " ").trim();
  if ("url" in button) return t(locale, "render.linkHint", { text, url: button.url });
  const typed = typedCommand(button, locale);
  if (isViewing(button.data)) {
    // The button says "查看跨境快报" / "See cross-border": the hint's own verb replaces it.
    const what = text.replace(/^查看/, "").replace(/^(see|show|view)\s+/i, "");
    return t(locale, "render.viewHint", { typed, text: what });
  }
  return t(locale, "render.sendHint", { typed, text });
}

import type { Locale } from "../../domain/locale.ts";

/**
 * The platform-neutral document. Sections and bot replies are lists of blocks; each platform's
 * renderer turns them into its own markup and splits them to its own limits. Text in blocks is
 * plain (never markup): renderers escape it.
 */
export type Block =
  /**
   * A section or reply heading, e.g. "跨境快报". `key` is the section key when the heading starts a
   * section, so renderers may mark it (WeChat puts a small emoji before known sections).
   */
  | { kind: "heading"; text: string; key?: string }
  /** An item's title, with its number in the section. */
  | { kind: "title"; n?: number; text: string }
  /** Running text; one block per paragraph. */
  | { kind: "paragraph"; text: string }
  /** A numbered or bulleted list (headlines, the list of sections). */
  | { kind: "list"; items: string[]; ordered?: boolean }
  /** Where an item comes from ("来源：新浪科技"). */
  | { kind: "source"; text: string }
  /** An image as the issue names it; adapters resolve relative paths. */
  | { kind: "image"; src: string; alt?: string }
  /** Small print: how to ask for more, footers. */
  | { kind: "note"; text: string }
  /** A command or keyword the reader can send, shown as code on platforms that have it. */
  | { kind: "command"; text: string; description?: string }
  /** A boundary renderers prefer to split at (between items). */
  | { kind: "break" };

/**
 * A button under a message: a callback the bot handles, or a link. A callback's `data` is a command
 * line the core router understands as if the reader had typed it (e.g. `/section crossborder`), at
 * most 64 bytes (Telegram's callback_data limit); platforms without buttons show it as a command to send.
 *
 * Platforms without buttons (WeChat, console) turn a callback button into a line telling the reader
 * what to type, e.g. `发送「跨境」查看跨境快报`. What to type is, in order:
 * 1. `keyword`, when the core sets it (the exact word the router answers, e.g. `跨境`, `通过 3`);
 * 2. otherwise a word derived from `data` (render/commands.ts `typedCommand`): in a Chinese reply
 *    `/section <key>` becomes the section's Chinese alias (`跨境`) and the everyday commands their
 *    Chinese keywords (`/today` → `今日`, `/join` → `加入`, `/help` → `帮助` …), keeping arguments;
 * 3. otherwise `data` itself (`/section crossborder`), which every platform's router understands.
 * A link button is shown as its text followed by the URL.
 */
export type Button = { text: string; data: string; keyword?: string } | { text: string; url: string };

/** What the core asks an adapter to say: blocks plus optional buttons (adapters without buttons list them as text). */
export interface Reply {
  blocks: Block[];
  buttons?: Button[][];
  /**
   * The language of the reply, for the few words renderers add on their own (how to use a button on
   * a platform without buttons, "[图片]" on the console). Defaults to `zh-CN`.
   */
  locale?: Locale;
}

/**
 * One message ready for one platform: a text part (already in the platform's markup) or an image.
 * A rendered section is a list of these, each within the platform's limits.
 */
export type OutPart =
  | {
      type: "text";
      text: string;
      format: "html" | "plain" | "markdown";
      buttons?: Button[][];
      editOf?: string;
    }
  | { type: "image"; src: string; caption?: string; format: "html" | "plain"; editOf?: string };

/**
 * `editOf` (a correction, planned only for platforms whose capabilities say `edit`): the platform
 * message id this part replaces in place instead of being sent as a new message.
 */
export type EditedPart = OutPart & { editOf: string };

/** The simplest reply: one paragraph of plain text (with buttons and a language when given). */
export function textReply(text: string, opts: { buttons?: Button[][]; locale?: Locale } = {}): Reply {
  return { blocks: [{ kind: "paragraph", text }], ...opts };
}

import { access } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Input, type Telegram } from "telegraf";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";
import { PermanentError } from "../../delivery/errors.ts";
import type { Logger } from "../../log.ts";
import type { Button, OutPart, Reply } from "../../render/blocks.ts";
import { renderTelegram, TELEGRAM_LIMITS } from "../../render/telegram-html.ts";
import type { SendReceipt } from "../adapter.ts";
import { toSendError } from "./errors.ts";

/** A reply as Telegram messages: HTML, split to 4096 characters, captions cut to 1024. */
export function renderReply(reply: Reply): OutPart[] {
  return renderTelegram(reply, TELEGRAM_LIMITS);
}

/** Telegram refuses a whole message whose callback_data is over 64 bytes; such a button is dropped instead. */
const MAX_CALLBACK_BYTES = 64;

export function toInlineKeyboard(rows: Button[][], log?: Logger): InlineKeyboardMarkup | undefined {
  const keyboard: InlineKeyboardButton[][] = [];
  for (const row of rows) {
    const out: InlineKeyboardButton[] = [];
    for (const b of row) {
      if ("url" in b) {
        out.push({ text: b.text, url: b.url });
      } else if (Buffer.byteLength(b.data, "utf8") <= MAX_CALLBACK_BYTES && b.data.length > 0) {
        out.push({ text: b.text, callback_data: b.data });
      } else {
        log?.warn({ data: b.data }, "telegram: button dropped, callback data over 64 bytes");
      }
    }
    if (out.length) keyboard.push(out);
  }
  return keyboard.length ? { inline_keyboard: keyboard } : undefined;
}

/** Where the photo for an image block comes from: a URL Telegram downloads, or a file we upload. */
export type PhotoSource = { url: string } | { file: string };

/**
 * Resolves an issue's image reference: absolute URLs as they are; paths the newsletter writes
 * (`/upload/img/…`) against `imageBaseUrl` when set, else as files under `dataDir`, uploaded.
 * Local files are only ever taken from inside `dataDir` (also for `file://` and absolute paths), so
 * an issue cannot make the bot upload any other file on the machine. Undefined when nothing is found.
 */
export async function resolvePhoto(
  src: string,
  opts: { imageBaseUrl?: string; dataDir?: string },
): Promise<PhotoSource | undefined> {
  if (/^https?:\/\//i.test(src)) return { url: src };
  const root = opts.dataDir ? path.resolve(opts.dataDir) : undefined;
  const inside = (file: string) => root !== undefined && file.startsWith(root + path.sep);
  if (src.startsWith("file://")) {
    const file = path.resolve(fileURLToPath(src));
    return inside(file) && (await exists(file)) ? { file } : undefined;
  }
  if (path.isAbsolute(src) && inside(path.resolve(src))) {
    return (await exists(src)) ? { file: path.resolve(src) } : undefined;
  }
  if (opts.imageBaseUrl)
    return { url: new URL(src.replace(/^\/+/, ""), withSlash(opts.imageBaseUrl)).toString() };
  if (root) {
    const file = path.resolve(root, src.replace(/^\/+/, ""));
    if (inside(file) && (await exists(file))) return { file };
  }
  return undefined;
}

function withSlash(base: string): string {
  return base.endsWith("/") ? base : `${base}/`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export interface SendOptions {
  imageBaseUrl?: string;
  dataDir?: string;
  log?: Logger;
}

/**
 * Sends one part with the Bot API; no throttling and no retries (the delivery layer does both).
 * Every failure is thrown as a typed error from delivery/errors.ts.
 */
export async function sendPart(
  telegram: Telegram,
  rawChatId: number | string,
  part: OutPart,
  opts: SendOptions,
): Promise<SendReceipt> {
  const parseMode = part.format === "html" ? ("HTML" as const) : undefined;
  if (part.editOf !== undefined) return editPart(telegram, rawChatId, part.editOf, part, opts);
  if (part.type === "text") {
    const markup = part.buttons ? toInlineKeyboard(part.buttons, opts.log) : undefined;
    try {
      const msg = await telegram.sendMessage(rawChatId, part.text, {
        parse_mode: parseMode,
        link_preview_options: { is_disabled: true },
        reply_markup: markup,
      });
      return { messageId: String(msg.message_id) };
    } catch (err) {
      throw toSendError(err);
    }
  }
  const photo = await resolvePhoto(part.src, opts);
  if (!photo) throw new PermanentError(`image not found: ${part.src}`);
  try {
    const msg = await telegram.sendPhoto(
      rawChatId,
      "url" in photo ? photo.url : Input.fromLocalFile(photo.file),
      {
        caption: part.caption && part.format === "plain" ? fitPlainCaption(part.caption) : part.caption,
        parse_mode: part.caption ? parseMode : undefined,
      },
    );
    return { messageId: String(msg.message_id) };
  } catch (err) {
    throw toSendError(err);
  }
}

/** The HTML renderer fits its captions already; a plain caption is cut here to Telegram's 1024. */
function fitPlainCaption(caption: string): string {
  const limit = TELEGRAM_LIMITS.caption;
  if (caption.length <= limit) return caption;
  let out = caption.slice(0, limit - 1);
  // Never leave half of a surrogate pair at the end.
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  return `${out}…`;
}

/**
 * A correction: changes a message already sent, in place (text with editMessageText, a photo's
 * caption with editMessageCaption). "message is not modified" means it already reads so: success.
 */
async function editPart(
  telegram: Telegram,
  rawChatId: number | string,
  messageId: string,
  part: OutPart,
  opts: SendOptions,
): Promise<SendReceipt> {
  const parseMode = part.format === "html" ? ("HTML" as const) : undefined;
  const id = Number(messageId);
  try {
    if (part.type === "text") {
      const markup = part.buttons ? toInlineKeyboard(part.buttons, opts.log) : undefined;
      await telegram.editMessageText(rawChatId, id, undefined, part.text, {
        parse_mode: parseMode,
        link_preview_options: { is_disabled: true },
        reply_markup: markup,
      });
    } else {
      const caption = part.caption && part.format === "plain" ? fitPlainCaption(part.caption) : part.caption;
      await telegram.editMessageCaption(rawChatId, id, undefined, caption ?? "", {
        parse_mode: caption ? parseMode : undefined,
      });
    }
  } catch (err) {
    const description = (err as { description?: string }).description ?? "";
    if (/message is not modified/i.test(description)) return { messageId };
    throw toSendError(err);
  }
  return { messageId };
}

import { Input, type Telegram } from "telegraf";
import type { InlineKeyboardButton, InlineKeyboardMarkup, InputFile } from "telegraf/types";
import type { Button, OutPart, Reply, SendReceipt } from "../../core/ports/index.ts";
import { PermanentError } from "../../core/ports/index.ts";
import { type ImagePolicy, ImageRefused, locateImage, readLocalImage } from "../../images/index.ts";
import type { Logger } from "../../log.ts";
import { toSendError } from "./errors.ts";
import { renderTelegram, TELEGRAM_LIMITS } from "./render.ts";

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

/**
 * Where the photo for an image block comes from: a URL Telegram downloads (only from an allowed
 * host: the policy is checked before the URL is passed on), or bytes we upload (read from the image
 * folder after the real-path, content and size checks of src/images). ImageRefused otherwise.
 */
async function photoInput(src: string, images: ImagePolicy): Promise<string | InputFile> {
  const loc = locateImage(src, images);
  if (loc.kind === "url") return loc.url;
  const img = await readLocalImage(src, loc.file, images);
  return Input.fromBuffer(img.data, img.name);
}

export interface SendOptions {
  images: ImagePolicy;
  log?: Logger;
  /** Adds `allow_paid_broadcast` (telegraf's types predate it; the Bot API takes it on every send). */
  paidBroadcast?: boolean;
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
  const paid = opts.paidBroadcast ? { allow_paid_broadcast: true } : {};
  if (part.type === "text") {
    const markup = part.buttons ? toInlineKeyboard(part.buttons, opts.log) : undefined;
    try {
      const msg = await telegram.sendMessage(rawChatId, part.text, {
        parse_mode: parseMode,
        link_preview_options: { is_disabled: true },
        reply_markup: markup,
        ...paid,
      });
      return { messageId: String(msg.message_id) };
    } catch (err) {
      throw toSendError(err);
    }
  }
  let photo: string | InputFile;
  try {
    photo = await photoInput(part.src, opts.images);
  } catch (err) {
    if (err instanceof ImageRefused) throw new PermanentError(err.message);
    throw err;
  }
  try {
    const msg = await telegram.sendPhoto(rawChatId, photo, {
      caption: part.caption && part.format === "plain" ? fitPlainCaption(part.caption) : part.caption,
      parse_mode: part.caption ? parseMode : undefined,
      ...paid,
    });
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

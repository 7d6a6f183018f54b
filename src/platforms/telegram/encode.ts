import { Input, type Telegram, TelegramError } from "telegraf";
import type { InlineKeyboardButton, InlineKeyboardMarkup, InputFile } from "telegraf/types";
import type { Button, OutPart, Reply, SendReceipt } from "../../core/ports/index.ts";
import { PermanentError } from "../../core/ports/index.ts";
import {
  type ImageLocation,
  type ImagePolicy,
  ImageRefused,
  locateImage,
  readLocalImage,
} from "../../images/index.ts";
import type { Logger } from "../../log.ts";
import { toSendError } from "./errors.ts";
import { type PhotoIds, photoKey } from "./photo-ids.ts";
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
async function photoInput(src: string, loc: ImageLocation, images: ImagePolicy): Promise<string | InputFile> {
  if (loc.kind === "url") return loc.url;
  const img = await readLocalImage(src, loc.file, images);
  return Input.fromBuffer(img.data, img.name);
}

export interface SendOptions {
  images: ImagePolicy;
  log?: Logger;
  /** Adds `allow_paid_broadcast` (telegraf's types predate it; the Bot API takes it on every send). */
  paidBroadcast?: boolean;
  /** The ids of pictures already sent: each picture is uploaded once, then sent by its `file_id`. */
  photos?: PhotoIds;
}

/** Telegram's answer to a `file_id` it does not (or no longer) know. */
const STALE_FILE_ID = /wrong (remote )?file identifier|file reference|FILE_ID_INVALID/i;

type PhotoExtra = Parameters<Telegram["sendPhoto"]>[2];
type PhotoMessage = Awaited<ReturnType<Telegram["sendPhoto"]>>;

/**
 * Sends a photo, by the `file_id` of an earlier send of the same picture when there is one (waiting
 * for another chat's upload of it that is in flight), else by upload or URL, remembering the id
 * Telegram gives it. A `file_id` Telegram refuses is forgotten and the picture sent afresh, in the
 * same turn: the refused request made no message, so it took nothing from the rate limits.
 */
async function sendPhotoOnce(
  telegram: Telegram,
  rawChatId: number | string,
  src: string,
  extra: PhotoExtra,
  opts: SendOptions,
): Promise<PhotoMessage> {
  const loc = imageLocation(src, opts.images);
  const photos = opts.photos;
  const key = photos ? photoKey(loc) : undefined;
  if (photos && key) {
    const upload = photos.get(key) ? undefined : photos.inFlight(key);
    if (upload) await upload;
    const known = photos.get(key);
    if (known) {
      try {
        return await telegram.sendPhoto(rawChatId, known, extra);
      } catch (err) {
        if (!(err instanceof TelegramError && err.code === 400 && STALE_FILE_ID.test(err.description)))
          throw toSendError(err);
        opts.log?.info({ src }, "telegram: a picture's file_id was refused; uploading it again");
        photos.forget(key);
      }
    }
  }
  // Only one upload of a picture at a time is remembered; others in flight just send.
  const learned = photos && key && !photos.inFlight(key) ? photos.begin(key) : undefined;
  let fileId: string | undefined;
  try {
    const input = await imageInput(src, loc, opts.images);
    const msg = await telegram.sendPhoto(rawChatId, input, extra).catch((err: unknown) => {
      throw toSendError(err);
    });
    // The sizes Telegram made, smallest first: the largest one's id sends the photo with all of them.
    fileId = msg.photo?.[msg.photo.length - 1]?.file_id;
    return msg;
  } finally {
    learned?.(fileId);
  }
}

function imageLocation(src: string, images: ImagePolicy): ImageLocation {
  try {
    return locateImage(src, images);
  } catch (err) {
    throw err instanceof ImageRefused ? new PermanentError(err.message, undefined, err) : err;
  }
}

async function imageInput(src: string, loc: ImageLocation, images: ImagePolicy): Promise<string | InputFile> {
  try {
    return await photoInput(src, loc, images);
  } catch (err) {
    throw err instanceof ImageRefused ? new PermanentError(err.message, undefined, err) : err;
  }
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
  const msg = await sendPhotoOnce(
    telegram,
    rawChatId,
    part.src,
    {
      caption: part.caption && part.format === "plain" ? fitPlainCaption(part.caption) : part.caption,
      parse_mode: part.caption ? parseMode : undefined,
      ...paid,
    },
    opts,
  );
  return { messageId: String(msg.message_id) };
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

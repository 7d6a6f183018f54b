import { createHash } from "node:crypto";
import type { OutPart } from "../../core/ports/index.ts";
import {
  ChatGone,
  PermanentError,
  RateLimited,
  type SendError,
  TooLong,
  TransientError,
} from "../../core/ports/index.ts";
import { type ImagePolicy, loadImage } from "../../images/index.ts";

/** Text messages are counted in UTF-8 bytes: at most 2048. */
export const WECOM_TEXT_BYTES = 2048;
/** Images go as base64 with their md5: at most 2 MB before encoding, jpg or png. */
export const WECOM_IMAGE_BYTES = 2 * 1024 * 1024;

/** Over 20 messages per minute for this robot. */
export const ERR_RATE_LIMITED = 45009;
/** The key is not (or no longer) a robot's. */
export const ERR_INVALID_KEY = 93000;

/** The JSON body the webhook takes for one part. */
export type WebhookBody =
  | { msgtype: "text"; text: { content: string } }
  | { msgtype: "markdown"; markdown: { content: string } }
  | { msgtype: "image"; image: { base64: string; md5: string } };

export async function bodyFor(part: OutPart, images: ImagePolicy | undefined): Promise<WebhookBody> {
  if (part.type === "text") {
    if (part.format === "markdown") {
      if (Buffer.byteLength(part.text) > 4096) throw new TooLong("markdown over 4096 bytes");
      return { msgtype: "markdown", markdown: { content: part.text } };
    }
    if (Buffer.byteLength(part.text) > WECOM_TEXT_BYTES) throw new TooLong("text over 2048 bytes");
    return { msgtype: "text", text: { content: part.text } };
  }
  const data = await robotImage(part.src, images);
  if (data.length > WECOM_IMAGE_BYTES) throw new PermanentError(`image over 2 MB: ${part.src}`);
  if (!isJpegOrPng(data)) throw new PermanentError(`image is not a jpg or png: ${part.src}`);
  return {
    msgtype: "image",
    image: { base64: data.toString("base64"), md5: createHash("md5").update(data).digest("hex") },
  };
}

/**
 * The picture's bytes (the robot API takes no URLs), under issue 11's image policy: only the image
 * folder or allowed hosts, through the guarded fetch, pictures by their content. PermanentError when
 * it cannot be had or is refused.
 */
async function robotImage(src: string, policy: ImagePolicy | undefined): Promise<Buffer> {
  if (!policy) throw new PermanentError(`image skipped (no image policy configured): ${src}`);
  try {
    return (await loadImage(src, policy)).data;
  } catch (err) {
    throw new PermanentError(`image refused or unavailable: ${src} (${(err as Error).message})`);
  }
}

function isJpegOrPng(b: Buffer): boolean {
  const jpeg = b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  const png = b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return jpeg || png;
}

/** The webhook's answer as one of the send errors (undefined for `errcode` 0). */
export function errorFor(
  answer: { errcode?: number; errmsg?: string },
  backoffSeconds: number,
): SendError | undefined {
  const code = answer.errcode ?? -1;
  if (code === 0) return undefined;
  const why = `WeCom errcode ${code}: ${answer.errmsg ?? "no message"}`;
  if (code === ERR_RATE_LIMITED) return new RateLimited(backoffSeconds, `${why} (over 20 per minute)`);
  if (code === ERR_INVALID_KEY) return new ChatGone(`invalid webhook key (${why})`, code);
  // -1 is the API's "system busy": it may pass.
  if (code === -1) return new TransientError(why, code);
  return new PermanentError(why, code);
}

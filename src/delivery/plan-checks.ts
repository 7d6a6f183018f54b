import type { OutPart } from "../core/ports/index.ts";
import { checkImage, type ImagePolicy } from "../images/index.ts";
import type { Logger } from "../log.ts";
import type { Ledger } from "./ledger.ts";
import { IMAGE_UNAVAILABLE } from "./worker.ts";

/**
 * Settles, before the first send, what needs no platform to decide: images the policy refuses (not
 * in the image folder, not a picture, too big, a host not allowed) and parts over the per-chat cap
 * are marked skipped in the ledger now, so they never take a turn of the rate limiter (a turn the
 * dispatcher grants and the adapter then wastes on a missing file costs every chat of the account).
 * Runs on every pending record, so a resumed push is checked the same way.
 */
export async function skipWhatCannotGo(
  ledger: Ledger,
  opts: { images: ImagePolicy; maxPartsPerChat: number; log: Logger },
): Promise<{ images: number; overCap: number }> {
  const verdicts = new Map<string, Promise<string | undefined>>();
  const perChat = new Map<string, number>();
  const marks: Promise<void>[] = [];
  let images = 0;
  let overCap = 0;
  for (const r of ledger.all()) {
    const n = (perChat.get(r.chatId) ?? 0) + 1;
    perChat.set(r.chatId, n);
    if (r.state !== "pending") continue;
    if (n > opts.maxPartsPerChat) {
      overCap++;
      marks.push(
        ledger.markSkipped(r.key, `over the cap of ${opts.maxPartsPerChat} messages per chat per push`),
      );
      continue;
    }
    const body = ledger.body(r);
    if (body.type !== "image") continue;
    let verdict = verdicts.get(body.src);
    if (!verdict) {
      verdict = checkImage(body.src, opts.images);
      verdicts.set(body.src, verdict);
    }
    const reason = await verdict;
    if (reason) {
      images++;
      marks.push(ledger.markSkipped(r.key, `${IMAGE_UNAVAILABLE}: ${body.src}: ${reason}`));
    }
  }
  await Promise.all(marks);
  if (images || overCap) opts.log.warn({ images, overCap }, "parts skipped before sending");
  return { images, overCap };
}

/** The same check for one reply part: the reason it cannot go, or undefined. */
export async function refusedReplyImage(part: OutPart, images: ImagePolicy): Promise<string | undefined> {
  return part.type === "image" ? checkImage(part.src, images) : undefined;
}

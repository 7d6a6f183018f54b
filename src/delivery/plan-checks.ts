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
 * Runs on every pending record, so a resumed push is checked the same way. The records are skipped
 * (in memory) when this resolves; `durable` resolves once the skips are on disk, in one write.
 */
export async function skipWhatCannotGo(
  ledger: Ledger,
  opts: { images: ImagePolicy; maxPartsPerChat: number; log: Logger },
): Promise<{ images: number; overCap: number; durable: Promise<void> }> {
  const records = ledger.all();
  // Each distinct picture is checked once, all at once; the loop below then awaits nothing.
  const sources = new Set<string>();
  for (const r of records) {
    if (r.state !== "pending") continue;
    const body = ledger.body(r);
    if (body.type === "image") sources.add(body.src);
  }
  const verdicts = new Map(
    await Promise.all([...sources].map(async (src) => [src, await checkImage(src, opts.images)] as const)),
  );
  const perChat = new Map<string, number>();
  const skips: Array<{ key: string; reason: string }> = [];
  let images = 0;
  let overCap = 0;
  for (const r of records) {
    const n = (perChat.get(r.chatId) ?? 0) + 1;
    perChat.set(r.chatId, n);
    if (r.state !== "pending") continue;
    if (n > opts.maxPartsPerChat) {
      overCap++;
      skips.push({
        key: r.key,
        reason: `over the cap of ${opts.maxPartsPerChat} messages per chat per push`,
      });
      continue;
    }
    const body = ledger.body(r);
    if (body.type !== "image") continue;
    const reason = verdicts.get(body.src);
    if (reason) {
      images++;
      skips.push({ key: r.key, reason: `${IMAGE_UNAVAILABLE}: ${body.src}: ${reason}` });
    }
  }
  const durable = ledger.skipMany(skips);
  if (images || overCap) opts.log.warn({ images, overCap }, "parts skipped before sending");
  return { images, overCap, durable };
}

/** The same check for one reply part: the reason it cannot go, or undefined. */
export async function refusedReplyImage(part: OutPart, images: ImagePolicy): Promise<string | undefined> {
  return part.type === "image" ? checkImage(part.src, images) : undefined;
}

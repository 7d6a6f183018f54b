/** "At most `limit` messages in any `windowMs`", the way the platform checks it (a sliding window). */
export interface WindowRule {
  limit: number;
  windowMs: number;
}

/** Even spacing between grants for the whole account, so a full window is not spent in one burst. */
export interface PaceRule {
  intervalMs: number;
  /** How many grants may go out back to back before spacing applies (1: strictly spaced). */
  burst: number;
  /** Random extra wait added to each interval, 0..jitterMs (accounts that must look less like a machine). */
  jitterMs?: number;
}

/** A platform account's sending limits, as its descriptor states them; the delivery limiter enforces them. */
export interface RateLimits {
  /** Windows over every send of the account (e.g. 30 per second for a whole bot). */
  global: WindowRule[];
  /** Windows for one chat, by its namespaced id (e.g. 20 per minute in a group and 1 per second). */
  perChat: (chatId: string) => WindowRule[];
  pace?: PaceRule;
  /**
   * Most sends in flight at once for the account. Without a cap a slow server (or a busy bot)
   * lets latency pile up thousands of open requests; the windows alone only bound the rate.
   */
  maxInFlight?: number;
  /**
   * True for a failed send the platform refused without carrying it out, so its own limits never
   * counted it (Telegram: an error answer of the Bot API, such as a 5xx or a 429). The limiter gives
   * such a send's window slots back at once, so the quick retry after a 5xx is not held a whole
   * window. Without it every failure counts, as a send the server may have seen.
   */
  notCounted?: (err: unknown) => boolean;
}

/** No limits at all (a terminal). */
export const UNLIMITED: RateLimits = { global: [], perChat: () => [] };

/** "n per window" as a window rule; fractional rates ("0.5 per second") become "1 per 2 seconds". */
export function perWindow(perWindowCount: number, windowMs: number): WindowRule {
  return perWindowCount >= 1
    ? { limit: Math.floor(perWindowCount), windowMs }
    : { limit: 1, windowMs: Math.ceil(windowMs / perWindowCount) };
}

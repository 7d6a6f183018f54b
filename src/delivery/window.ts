import type { WindowRule } from "../core/ports/index.ts";

/**
 * One sliding window, kept strictly under the server's own check whatever the network latency.
 *
 * A slot is taken when a send is granted and counts as "now" until the send completes; after that
 * it counts from its completion time. The server stamps a request when it receives it, which lies
 * between our grant and our completion, so "the oldest of the last `limit` sends completed at least
 * `windowMs` ago" on our side implies the server never sees `limit + 1` in one window. Slots are
 * reused oldest first; `evictedMax` remembers the latest completion of every send older than the ring
 * so that a slow old send finishing late is still accounted for.
 */
export class SlidingWindow {
  /** Grows to `limit` entries as sends are made (a chat that sends 5 messages holds 5, not 20 or 2,000). */
  private readonly stamps: number[] = [];
  private head = 0;
  private evictedMax = Number.NEGATIVE_INFINITY;

  constructor(
    readonly rule: WindowRule,
    /** Extra time on top of the window: clock granularity and the server's rounding. */
    readonly marginMs: number,
  ) {
    if (!(rule.limit >= 1) || !(rule.windowMs > 0))
      throw new RangeError(`bad window rule ${JSON.stringify(rule)}`);
    this.limit = Math.floor(rule.limit);
  }

  private readonly limit: number;

  /** The earliest time a new send may be granted (-Infinity: now; Infinity: when a send in flight completes). */
  readyAt(): number {
    if (this.stamps.length < this.limit) return Number.NEGATIVE_INFINITY;
    const oldest = this.stamps[this.head] as number;
    return Math.max(this.evictedMax, oldest) + this.rule.windowMs + this.marginMs;
  }

  /** Takes a slot for a send being granted now; returns the slot to complete later. */
  occupy(): number {
    let slot: number;
    if (this.stamps.length < this.limit) {
      slot = this.stamps.length;
      this.stamps.push(Number.POSITIVE_INFINITY);
    } else {
      slot = this.head;
      this.evictedMax = Math.max(this.evictedMax, this.stamps[slot] as number);
      this.head = (this.head + 1) % this.limit;
    }
    this.stamps[slot] = Number.POSITIVE_INFINITY;
    return slot;
  }

  /** The send in `slot` finished (either way) at `now`. */
  complete(slot: number, now: number): void {
    this.stamps[slot] = now;
  }

  /** True when nothing granted so far can constrain a send at `now` or later (the window may be dropped). */
  idleAt(now: number): boolean {
    let latest = this.evictedMax;
    for (const t of this.stamps) latest = Math.max(latest, t);
    return latest + this.rule.windowMs + this.marginMs <= now;
  }
}

/** The safety margin used when none is configured: 1% of the window, at least 5 ms. */
export function defaultMargin(windowMs: number): number {
  return Math.max(5, windowMs * 0.01);
}

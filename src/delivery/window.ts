import type { WindowRule } from "../core/ports/index.ts";

/** One send's place in a window: `at` is +Infinity while the send is in flight, then its completion time. */
export interface WindowSlot {
  at: number;
}

/**
 * One sliding window, kept strictly under the server's own check whatever the network latency.
 *
 * A slot is taken when a send is granted and counts as "now" until the send completes; after that
 * it counts from its completion time. The server stamps a request when it receives it, which lies
 * between our grant and our completion, so "the oldest of the last `limit` sends completed at least
 * `windowMs` ago" on our side implies the server never sees `limit + 1` in one window. That is the
 * cheapest bound that holds: the server's stamp may be as late as our completion, and the next
 * request may reach it as early as our grant. Slots are kept in grant order and reused oldest first;
 * `evictedMax` remembers the latest completion of every send older than the ring, so a slow old
 * send finishing late is still accounted for.
 *
 * A send the server refused without counting it (a 5xx or 429 answer: no message was made) leaves
 * the window at once (`complete(slot, now, false)`): its place goes to the send before the ring's
 * oldest, stood in for by `evictedMax`, so the window again holds the last `limit` counted sends.
 */
export class SlidingWindow {
  /** Grows to `limit` entries as sends are made (a chat that sends 5 messages holds 5, not 20 or 2,000). */
  private readonly ring: WindowSlot[] = [];
  private head = 0;
  private evictedMax = Number.NEGATIVE_INFINITY;
  private readonly limit: number;

  constructor(
    readonly rule: WindowRule,
    /** Extra time on top of the window: clock granularity and the server's rounding. */
    readonly marginMs: number,
  ) {
    if (!(rule.limit >= 1) || !(rule.windowMs > 0))
      throw new RangeError(`bad window rule ${JSON.stringify(rule)}`);
    this.limit = Math.floor(rule.limit);
  }

  /** The earliest time a new send may be granted (-Infinity: now; Infinity: when a send in flight completes). */
  readyAt(): number {
    if (this.ring.length < this.limit) return Number.NEGATIVE_INFINITY;
    const oldest = (this.ring[this.head] as WindowSlot).at;
    return Math.max(this.evictedMax, oldest) + this.rule.windowMs + this.marginMs;
  }

  /** Takes a slot for a send being granted now; pass it to `complete` later. */
  occupy(): WindowSlot {
    const slot: WindowSlot = { at: Number.POSITIVE_INFINITY };
    if (this.ring.length < this.limit) {
      this.ring.push(slot);
    } else {
      this.evictedMax = Math.max(this.evictedMax, (this.ring[this.head] as WindowSlot).at);
      this.ring[this.head] = slot;
      this.head = (this.head + 1) % this.limit;
    }
    return slot;
  }

  /**
   * The send in `slot` finished at `now`. `counted: false`: the server answered that it refused it
   * without carrying it out, so it never counted and it leaves the window.
   */
  complete(slot: WindowSlot, now: number, counted = true): void {
    if (counted) {
      slot.at = now;
      return;
    }
    this.remove(slot);
  }

  /**
   * Takes a slot out of the ring. A full ring closes the gap by moving the older slots one place up
   * and putting at its oldest place the latest send already evicted, at `evictedMax` (an upper bound
   * of that send's completion, so the window still never undercounts). O(limit), on refusals only.
   */
  private remove(slot: WindowSlot): void {
    const n = this.ring.length;
    let offset = -1;
    for (let k = 0; k < n; k++) {
      if (this.ring[(this.head + k) % n] === slot) {
        offset = k;
        break;
      }
    }
    if (offset < 0) return;
    if (n < this.limit) {
      // Not full yet: the ring is a plain array in grant order from index 0.
      this.ring.splice(offset, 1);
      return;
    }
    for (let k = offset; k > 0; k--) {
      this.ring[(this.head + k) % n] = this.ring[(this.head + k - 1) % n] as WindowSlot;
    }
    this.ring[this.head] = { at: this.evictedMax };
  }

  /** True when nothing granted so far can constrain a send at `now` or later (the window may be dropped). */
  idleAt(now: number): boolean {
    let latest = this.evictedMax;
    for (const s of this.ring) latest = Math.max(latest, s.at);
    return latest + this.rule.windowMs + this.marginMs <= now;
  }
}

/**
 * The safety margin used when none is configured: 0.2% of the window, at least 2 ms. Our clock
 * counts whole milliseconds (a stamp may be up to 1 ms early against a server's finer clock), so
 * 1 ms is what the bound needs; the rest is slack for a server that rounds. Every millisecond here
 * is lost on every cycle of a window slot: 10 ms (the old 1%) cost 1% of the account's rate.
 */
export function defaultMargin(windowMs: number): number {
  return Math.max(2, windowMs * 0.002);
}

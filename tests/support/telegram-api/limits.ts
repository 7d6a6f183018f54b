/**
 * The Bot API's flood limits as sliding windows: at most N accepted sends in any window of W ms.
 * Each window keeps only the timestamps still inside it (a ring of at most N entries), so a check
 * costs O(1) amortised however many messages the server has seen.
 */

export interface RateLimits {
  /** Sends per second over all chats (Telegram: about 30). */
  globalPerSecond: number;
  /** Sends per minute into one group or supergroup (Telegram: 20). */
  groupPerMinute: number;
  /** Sends per second into one chat (Telegram: about 1). */
  chatPerSecond: number;
  /** Sends per second over all chats for those with `allow_paid_broadcast` (Telegram: 1,000). */
  paidGlobalPerSecond: number;
}

export const DEFAULT_LIMITS: RateLimits = {
  globalPerSecond: 30,
  groupPerMinute: 20,
  chatPerSecond: 1,
  paidGlobalPerSecond: 1000,
};

class SlidingWindow {
  private readonly stamps: number[] = [];
  private head = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  private drop(now: number): void {
    while (this.head < this.stamps.length && (this.stamps[this.head] as number) <= now - this.windowMs) {
      this.head++;
    }
    // Compact now and then so the array does not grow with history.
    if (this.head > 64 && this.head * 2 > this.stamps.length) {
      this.stamps.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Milliseconds until one more send fits; 0 when it fits now. */
  waitMs(now: number): number {
    this.drop(now);
    if (this.stamps.length - this.head < this.max) return 0;
    return (this.stamps[this.head] as number) + this.windowMs - now;
  }

  record(now: number): void {
    this.stamps.push(now);
  }

  get idle(): boolean {
    return this.head >= this.stamps.length;
  }
}

/**
 * Checks and records sends against the three limits. `scale` speeds the clock: with scale 100 a
 * second lasts 10 ms, and `retry_after` is given in those scaled seconds, so a client that waits
 * `retry_after * 1000 / scale` ms is on time.
 */
export class FloodControl {
  private global: SlidingWindow;
  private paidGlobal: SlidingWindow;
  private readonly perChat = new Map<string, SlidingWindow>();
  private readonly perGroup = new Map<string, SlidingWindow>();
  private sends = 0;

  constructor(
    private readonly limits: RateLimits,
    private readonly scale: number,
  ) {
    this.global = new SlidingWindow(limits.globalPerSecond, 1000 / scale);
    this.paidGlobal = new SlidingWindow(limits.paidGlobalPerSecond, 1000 / scale);
  }

  /**
   * Returns `retry_after` in (scaled) seconds when this send would go over a limit, else records
   * the send and returns 0. A paid broadcast counts against the paid account-wide limit instead.
   */
  take(chatKey: string, isGroup: boolean, now: number, paid = false): number {
    const global = paid ? this.paidGlobal : this.global;
    const chat = this.window(this.perChat, chatKey, this.limits.chatPerSecond, 1000);
    const group = isGroup
      ? this.window(this.perGroup, chatKey, this.limits.groupPerMinute, 60_000)
      : undefined;
    const wait = Math.max(global.waitMs(now), chat.waitMs(now), group?.waitMs(now) ?? 0);
    if (wait > 0) return Math.max(1, Math.ceil((wait * this.scale) / 1000));
    global.record(now);
    chat.record(now);
    group?.record(now);
    if (++this.sends % 10_000 === 0) this.sweep(now);
    return 0;
  }

  private window(map: Map<string, SlidingWindow>, key: string, max: number, ms: number): SlidingWindow {
    let w = map.get(key);
    if (!w) {
      w = new SlidingWindow(max, ms / this.scale);
      map.set(key, w);
    }
    return w;
  }

  /** Forgets chats with nothing in their windows, so a long benchmark over many chats stays small. */
  private sweep(now: number): void {
    for (const map of [this.perChat, this.perGroup]) {
      for (const [key, w] of map) {
        w.waitMs(now);
        if (w.idle) map.delete(key);
      }
    }
  }
}

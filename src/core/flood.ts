/**
 * A per-sender flood limit: more than `limit` commands within `windowMs` earns one polite
 * "slow down" and then silence until the sender has been quiet-ish for `windowMs` again.
 * Kept in memory on purpose: it protects the bot and the platform's rate limits, not data.
 */
export type FloodVerdict = "ok" | "warn" | "silent";

export class FloodGate {
  private readonly seen = new Map<string, { times: number[]; warnedAt?: number }>();
  private checks = 0;

  constructor(
    private readonly limit = 20,
    private readonly windowMs = 60_000,
  ) {}

  check(sender: string, at: number): FloodVerdict {
    if (++this.checks % 1000 === 0) this.prune(at);
    const entry = this.seen.get(sender) ?? { times: [] };
    this.seen.set(sender, entry);
    entry.times = entry.times.filter((t) => at - t < this.windowMs);
    if (entry.warnedAt !== undefined) {
      // Silence lasts a full window after the warning, and longer while the flood goes on.
      if (at - entry.warnedAt < this.windowMs || entry.times.length >= this.limit) {
        entry.times.push(at);
        return "silent";
      }
      entry.warnedAt = undefined;
    }
    entry.times.push(at);
    if (entry.times.length > this.limit) {
      entry.warnedAt = at;
      return "warn";
    }
    return "ok";
  }

  /** Forgets senders who have been quiet for a window, so the map stays as small as the active crowd. */
  private prune(at: number): void {
    for (const [sender, e] of this.seen) {
      const last = e.times.at(-1) ?? 0;
      if (at - last >= this.windowMs && (e.warnedAt === undefined || at - e.warnedAt >= this.windowMs)) {
        this.seen.delete(sender);
      }
    }
  }
}

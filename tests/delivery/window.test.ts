import { describe, expect, it } from "vitest";
import { SlidingWindow, type WindowSlot } from "../../src/delivery/window.ts";
import { seededRandom } from "../support/random.ts";
import { maxInWindow } from "./helpers/max-in-window.ts";

/**
 * 20 s of a window of 30 a second with up to 40 sends in flight, latencies mostly short and now and
 * then long, 15% of sends refused by the server (not counted there). `refund`: refused sends leave
 * the window (else they are completed as if counted).
 */
function simulate(seed: number, refund: boolean) {
  const random = seededRandom(seed);
  const limit = 30;
  const windowMs = 1000;
  // No margin: the bound itself must hold, not the slack around it.
  const w = new SlidingWindow({ limit, windowMs }, 0);
  const inFlight: Array<{ slot: WindowSlot; grantedAt: number; doneAt: number; refused: boolean }> = [];
  const counted: number[] = [];
  for (let t = 0; t < 20_000; t += 0.5) {
    for (let i = inFlight.length - 1; i >= 0; i--) {
      const f = inFlight[i] as (typeof inFlight)[number];
      if (f.doneAt > t) continue;
      inFlight.splice(i, 1);
      // The server stamped it anywhere between our grant and our completion, often at the very end
      // (the worst case for us), or refused it.
      const stamp = random() < 0.5 ? f.doneAt : f.grantedAt + random() * (f.doneAt - f.grantedAt);
      if (!f.refused) counted.push(stamp);
      w.complete(f.slot, f.doneAt, !(refund && f.refused));
    }
    while (w.readyAt() <= t && inFlight.length < 40) {
      const latency = random() < 0.1 ? 50 + random() * 400 : 1 + random() * 10;
      inFlight.push({ slot: w.occupy(), grantedAt: t, doneAt: t + latency, refused: random() < 0.15 });
    }
  }
  return { counted: counted.length, maxCounted: maxInWindow(counted, windowMs) };
}

describe("sliding window", () => {
  it("keeps a server that stamps on receipt within its limit, with refused sends leaving at once", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const withRefunds = simulate(seed, true);
      const without = simulate(seed, false);
      expect(withRefunds.maxCounted).toBeLessThanOrEqual(30);
      expect(without.maxCounted).toBeLessThanOrEqual(30);
      // 15% of sends refused: giving their places back lets clearly more real sends through.
      expect(withRefunds.counted).toBeGreaterThan(1.1 * without.counted);
    }
  });

  it("gives a refused send's place back at once, to the send before the ring's oldest", () => {
    const w = new SlidingWindow({ limit: 2, windowMs: 1000 }, 0);
    const a = w.occupy();
    w.complete(a, 10);
    const b = w.occupy();
    w.complete(b, 510);
    expect(w.readyAt()).toBe(1010);
    const c = w.occupy(); // at 1010: `a` leaves the ring
    expect(w.readyAt()).toBe(1510);
    w.complete(c, 1020, false);
    // `c` never counted: in (20, 1020] the server holds only `b`, so one more may go now.
    expect(w.readyAt()).toBe(1010);
    const d = w.occupy();
    w.complete(d, 1030);
    expect(w.readyAt()).toBe(1510);
  });

  it("a refused send in a window not yet full simply leaves it", () => {
    const w = new SlidingWindow({ limit: 1, windowMs: 1000 }, 5);
    const a = w.occupy();
    expect(w.readyAt()).toBe(Number.POSITIVE_INFINITY);
    w.complete(a, 40, false);
    expect(w.readyAt()).toBe(Number.NEGATIVE_INFINITY);
    const b = w.occupy();
    w.complete(b, 50);
    expect(w.readyAt()).toBe(1055);
    expect(w.idleAt(1054)).toBe(false);
    expect(w.idleAt(1055)).toBe(true);
  });
});

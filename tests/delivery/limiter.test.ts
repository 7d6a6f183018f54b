import { describe, expect, it } from "vitest";
import { Limiter, LimiterStopped, type Priority } from "../../src/delivery/limiter.ts";
import { telegramLimits } from "../../src/platforms/telegram/descriptor.ts";
import { seededRandom as rng } from "../support/random.ts";
import { FakeClock, flush } from "./helpers/fake-clock.ts";
import { maxInWindow } from "./helpers/max-in-window.ts";

interface Send {
  chatId: string;
  grantedAt: number;
  /** When the simulated server stamped it: somewhere between grant and completion. */
  receivedAt: number;
  priority: Priority;
}

/** Each chat sends its messages one after the other through the limiter, with random network latency. */
async function simulate(opts: {
  limiter: Limiter;
  clock: FakeClock;
  chats: string[];
  perChat: number;
  random: () => number;
  maxLatencyMs: number;
}): Promise<Send[]> {
  const sends: Send[] = [];
  const runChat = async (chatId: string) => {
    for (let i = 0; i < opts.perChat; i++) {
      const permit = await opts.limiter.acquire(chatId, "push");
      const grantedAt = opts.clock.now();
      const latency = 1 + opts.random() * opts.maxLatencyMs;
      const receivedAt = grantedAt + opts.random() * latency;
      await new Promise<void>((resolve) => opts.clock.setTimer(resolve, latency));
      sends.push({ chatId, grantedAt, receivedAt, priority: "push" });
      permit.release();
    }
  };
  const all = Promise.all(opts.chats.map(runChat));
  let done = false;
  void all.then(() => {
    done = true;
  });
  while (!done) await opts.clock.advance(50);
  return sends;
}

describe("limiter", () => {
  it("never lets the server see more than a window's worth, whatever the latency", async () => {
    const clock = new FakeClock();
    const random = rng(42);
    const limiter = new Limiter({ ...telegramLimits(), clock });
    const chats = Array.from({ length: 60 }, (_, i) => `telegram:-${1000 + i}`);
    chats.push("telegram:42", "telegram:43");
    const sends = await simulate({ limiter, clock, chats, perChat: 25, random, maxLatencyMs: 300 });
    expect(sends).toHaveLength(62 * 25);
    expect(
      maxInWindow(
        sends.map((s) => s.receivedAt),
        1000,
      ),
    ).toBeLessThanOrEqual(30);
    for (const chat of chats) {
      const stamps = sends.filter((s) => s.chatId === chat).map((s) => s.receivedAt);
      expect(maxInWindow(stamps, 1000)).toBeLessThanOrEqual(1);
      if (chat.includes("-")) expect(maxInWindow(stamps, 60_000)).toBeLessThanOrEqual(20);
    }
  });

  it("uses at least 90% of the account's budget when many chats are waiting", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ ...telegramLimits(), clock });
    const chats = Array.from({ length: 300 }, (_, i) => `telegram:-${i + 1}`);
    const sends = await simulate({ limiter, clock, chats, perChat: 5, random: rng(7), maxLatencyMs: 20 });
    const first = Math.min(...sends.map((s) => s.grantedAt));
    const last = Math.max(...sends.map((s) => s.grantedAt));
    const rate = (sends.length - 1) / ((last - first) / 1000);
    expect(rate).toBeGreaterThanOrEqual(0.9 * 30);
    expect(rate).toBeLessThanOrEqual(30);
  });

  it("among pushes that may all go, grants the chat with the most messages left first", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ ...telegramLimits(), clock });
    const order: string[] = [];
    const waits: Promise<void>[] = [];
    // 60 chats queue at once with 1..6 messages left (more than one second of the account's budget).
    for (let i = 0; i < 60; i++) {
      const id = `telegram:-${i + 1}`;
      waits.push(
        limiter.acquire(id, "push", (i % 6) + 1).then((p) => {
          order.push(`${(i % 6) + 1}`);
          p.release();
        }),
      );
    }
    await clock.advance(5000);
    await Promise.all(waits);
    expect(order).toHaveLength(60);
    // The pace's burst went the moment it asked; the rest waited together and went in order of work
    // left, most first, whatever order they queued in.
    const burst = telegramLimits().pace?.burst ?? 1;
    expect(order.slice(0, burst)).toEqual(["1", "2", "3", "4", "5", "6"].slice(0, burst));
    const left = order.slice(burst).map(Number);
    expect(left).toEqual([...left].sort((a, b) => b - a));
    expect(left[0]).toBe(6);
  });

  it("grants a reply before the pushes already waiting", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ ...telegramLimits(), clock });
    const order: string[] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 90; i++) {
      const id = `telegram:-${i + 1}`;
      waits.push(
        limiter.acquire(id, "push").then((p) => {
          order.push(id);
          p.release();
        }),
      );
    }
    await flush();
    expect(order.length).toBeLessThan(90);
    waits.push(
      limiter.acquire("telegram:777", "reply").then((p) => {
        order.push("reply");
        p.release();
      }),
    );
    const grantedBefore = order.length;
    await clock.advance(100);
    // The reply is the very next grant once the account may send again.
    expect(order[grantedBefore]).toBe("reply");
    await clock.advance(5000);
    await Promise.all(waits);
    expect(order).toHaveLength(91);
  });

  it("keeps serving other chats while one chat is held after a 429", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ ...telegramLimits(), clock });
    limiter.holdChat("telegram:-1", 30_000);
    const got: string[] = [];
    const a = limiter.acquire("telegram:-1", "push").then((p) => {
      got.push(`held@${clock.now()}`);
      p.release();
    });
    const others = ["telegram:-2", "telegram:-3"].map((id) =>
      limiter.acquire(id, "push").then((p) => {
        got.push(id);
        p.release();
      }),
    );
    await clock.advance(1000);
    await Promise.all(others);
    expect(got).toEqual(["telegram:-2", "telegram:-3"]);
    await clock.advance(29_000);
    await a;
    expect(got[2]).toBe("held@30000");
  });

  it("spaces WeChat sends by the configured interval plus jitter", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({
      global: [],
      perChat: () => [],
      pace: { intervalMs: 1000, burst: 1, jitterMs: 500 },
      clock,
      random: rng(3),
    });
    const times: number[] = [];
    const all = Promise.all(
      ["wechat:a", "wechat:b", "wechat:c", "wechat:d"].map((id) =>
        limiter.acquire(id).then((p) => {
          times.push(clock.now());
          p.release();
        }),
      ),
    );
    await clock.advance(10_000);
    await all;
    for (let i = 1; i < times.length; i++) {
      const gap = (times[i] as number) - (times[i - 1] as number);
      expect(gap).toBeGreaterThanOrEqual(1000);
      expect(gap).toBeLessThanOrEqual(1500);
    }
  });

  it("rejects waiting sends when stopped", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ ...telegramLimits(), clock });
    const first = await limiter.acquire("telegram:-1");
    const second = limiter.acquire("telegram:-1");
    limiter.stop();
    await expect(second).rejects.toBeInstanceOf(LimiterStopped);
    first.release();
  });
});

describe("limiter and refused sends", () => {
  class Refused extends Error {}
  const limits = () => ({ ...telegramLimits(), notCounted: (e: unknown) => e instanceof Refused });

  it("a send the server refused leaves the chat's window: its retry goes at once, not a second later", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ ...limits(), clock });
    const first = await limiter.acquire("telegram:-1");
    await clock.advance(10);
    first.release(new Refused("500"));
    const retry = limiter.acquire("telegram:-1");
    await clock.advance(0);
    (await retry).release();
    expect(clock.now()).toBe(10);
    // A failure the server may have counted (no answer, a network error) keeps its place.
    const third = limiter.acquire("telegram:-1");
    await clock.advance(500);
    let granted = false;
    void third.then(() => {
      granted = true;
    });
    await clock.advance(0);
    expect(granted).toBe(false);
    await clock.advance(600);
    (await third).release(new Error("socket hang up"));
    const fourth = limiter.acquire("telegram:-1");
    await clock.advance(1000);
    granted = false;
    void fourth.then(() => {
      granted = true;
    });
    await clock.advance(0);
    expect(granted).toBe(false);
    await clock.advance(100);
    (await fourth).release();
  });

  it("refused sends give their account-wide turns back: 30 accepted a second with 1 in 5 refused", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ ...limits(), clock });
    const random = rng(3);
    const accepted: number[] = [];
    const chats = Array.from({ length: 200 }, (_, i) => `telegram:-${i + 1}`);
    const runChat = async (chatId: string) => {
      for (let n = 0; n < 3; ) {
        const p = await limiter.acquire(chatId, "push", 3 - n);
        await new Promise<void>((r) => clock.setTimer(r, 5));
        if (random() < 0.2) {
          p.release(new Refused("502"));
          continue;
        }
        accepted.push(clock.now());
        n++;
        p.release();
      }
    };
    const all = Promise.all(chats.map(runChat));
    let done = false;
    void all.then(() => {
      done = true;
    });
    while (!done) await clock.advance(50);
    expect(accepted).toHaveLength(600);
    const seconds = (Math.max(...accepted) - Math.min(...accepted)) / 1000;
    expect(599 / seconds).toBeGreaterThan(0.97 * 30);
    expect(599 / seconds).toBeLessThanOrEqual(30);
  });
});

describe("limiter in-flight cap", () => {
  it("never has more sends in flight than the cap, and serves the next one on release", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ global: [], perChat: () => [], maxInFlight: 2, clock });
    const permits = await Promise.all([limiter.acquire("console:a"), limiter.acquire("console:b")]);
    let third = false;
    const next = limiter.acquire("console:c").then((p) => {
      third = true;
      return p;
    });
    await flush();
    expect(third).toBe(false);
    expect(limiter.stats.inFlight).toBe(2);
    permits[0]?.release();
    (await next).release();
    expect(third).toBe(true);
    permits[1]?.release();
  });
});

import type { RateLimits } from "../core/ports/index.ts";
import { type Clock, systemClock } from "./clock.ts";
import { MinHeap } from "./heap.ts";
import { defaultMargin, SlidingWindow } from "./window.ts";

export type Priority = "reply" | "push";

export interface LimiterOptions extends RateLimits {
  /** Safety margin added to each window; default 0.2% of the window, at least 2 ms (see window.ts). */
  marginMs?: (windowMs: number) => number;
  clock?: Clock;
  random?: () => number;
}

/** A granted send; the windows count it as "now" until `release()`. */
export interface Permit {
  readonly chatId: string;
  /** When the send was granted (the limiter's clock). */
  readonly grantedAt: number;
  /**
   * How long after it first could have gone (every window, hold and pace allowing it, and the
   * acquire made) the send was granted: timer lateness and event-loop delay, for the send trace.
   */
  readonly lateMs: number;
  /**
   * Call once the send has completed or failed; pass the failure so a send the platform refused
   * without counting it (`RateLimits.notCounted`) gives its slots back at once.
   */
  release(failure?: unknown): void;
}

export class LimiterStopped extends Error {
  constructor() {
    super("the limiter was stopped");
    this.name = "LimiterStopped";
  }
}

interface Waiter {
  resolve: (p: Permit) => void;
  reject: (e: unknown) => void;
  /** When acquire was called. */
  since: number;
}

interface ChatState {
  id: string;
  windows: SlidingWindow[];
  replies: Waiter[];
  pushes: Waiter[];
  holdUntil: number;
  /** Bumped on every reschedule; heap entries with an older version are stale and skipped. */
  version: number;
  inFlight: number;
  /** What the chat's latest push said it still has to send (see `acquire`). */
  remaining: number;
}

interface HeapEntry {
  readyAt: number;
  seq: number;
  version: number;
  chat: ChatState;
}

const byReadyTime = (a: HeapEntry, b: HeapEntry) =>
  a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);

/** Among pushes that may go now: the chat with the most left first, then the longest waiting. */
const byWorkLeft = (a: HeapEntry, b: HeapEntry) =>
  a.chat.remaining > b.chat.remaining || (a.chat.remaining === b.chat.remaining && byReadyTime(a, b));

/**
 * The rate limiter of one platform account, shared by replies and pushes.
 *
 * Each chat has its own queue (replies before pushes) and its own windows; chats that may send are
 * kept in heaps ordered by the time they become ready, so a chat that is waiting for its own
 * window (or held after a 429) never delays the others, and a reply anywhere goes before any push.
 * Pushes whose time has come move to a second heap ordered by the work the chat has left, so the
 * chats that would otherwise finish last (after a retry, or with more parts) go first and the push
 * has no long tail. Account-wide windows and pacing gate every grant.
 */
export class Limiter {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly margin: (windowMs: number) => number;
  private readonly global: SlidingWindow[];
  private readonly chats = new Map<string, ChatState>();
  private readonly replyHeap = new MinHeap<HeapEntry>(byReadyTime);
  private readonly pushHeap = new MinHeap<HeapEntry>(byReadyTime);
  private readonly pushReady = new MinHeap<HeapEntry>(byWorkLeft);
  private seq = 0;
  private globalHoldUntil = Number.NEGATIVE_INFINITY;
  /** Pacing (GCRA): the theoretical arrival time of the next send; a burst may run ahead of it. */
  private paceTat = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;
  private grantsSinceSweep = 0;
  /** Counters for tests, logs and the benchmark. */
  readonly stats = { granted: 0, waiting: 0, inFlight: 0 };

  constructor(private readonly opts: LimiterOptions) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.margin = opts.marginMs ?? defaultMargin;
    this.global = opts.global.map((r) => new SlidingWindow(r, this.margin(r.windowMs)));
  }

  /**
   * Waits until `chatId` may send; replies are granted before pushes. `remaining` (pushes): how many
   * messages the chat still has to send, this one included; the chat with the most goes first.
   */
  acquire(chatId: string, priority: Priority = "push", remaining = 1): Promise<Permit> {
    if (this.stopped) return Promise.reject(new LimiterStopped());
    return new Promise<Permit>((resolve, reject) => {
      const chat = this.chat(chatId);
      if (priority === "push") chat.remaining = remaining;
      const hadReply = chat.replies.length > 0;
      const wasEmpty = chat.replies.length + chat.pushes.length === 0;
      (priority === "reply" ? chat.replies : chat.pushes).push({ resolve, reject, since: this.clock.now() });
      this.stats.waiting++;
      // A chat moves heaps when its first reply arrives; otherwise its heap entry is still right.
      if (wasEmpty || (priority === "reply" && !hadReply)) this.schedule(chat);
      this.pump();
    });
  }

  /** After a 429 in one chat: nothing more goes to that chat before `untilMs`. */
  holdChat(chatId: string, untilMs: number): void {
    const chat = this.chat(chatId);
    chat.holdUntil = Math.max(chat.holdUntil, untilMs);
    this.schedule(chat);
    this.pump();
  }

  /** After a 429 for the whole bot: nothing goes anywhere before `untilMs`. */
  holdAll(untilMs: number): void {
    this.globalHoldUntil = Math.max(this.globalHoldUntil, untilMs);
    this.pump();
  }

  /** Rejects every waiting acquire; sends in flight finish normally. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    for (const chat of this.chats.values()) {
      for (const w of [...chat.replies, ...chat.pushes]) w.reject(new LimiterStopped());
      chat.replies = [];
      chat.pushes = [];
    }
    this.stats.waiting = 0;
  }

  private chat(id: string): ChatState {
    let c = this.chats.get(id);
    if (!c) {
      c = {
        id,
        windows: this.opts.perChat(id).map((r) => new SlidingWindow(r, this.margin(r.windowMs))),
        replies: [],
        pushes: [],
        holdUntil: Number.NEGATIVE_INFINITY,
        version: 0,
        inFlight: 0,
        remaining: 0,
      };
      this.chats.set(id, c);
    }
    return c;
  }

  private chatReadyAt(c: ChatState): number {
    let t = c.holdUntil;
    for (const w of c.windows) t = Math.max(t, w.readyAt());
    return t;
  }

  /** (Re)files a chat in the heap its first waiter belongs to; a chat waiting on a send in flight is filed on release. */
  private schedule(c: ChatState): void {
    c.version++;
    if (c.replies.length + c.pushes.length === 0) return;
    const readyAt = this.chatReadyAt(c);
    if (readyAt === Number.POSITIVE_INFINITY) return;
    const entry = { readyAt, seq: this.seq++, version: c.version, chat: c };
    (c.replies.length > 0 ? this.replyHeap : this.pushHeap).push(entry);
  }

  private globalReadyAt(): number {
    const pace = this.opts.pace;
    const tolerance = pace ? (Math.max(1, pace.burst) - 1) * pace.intervalMs : 0;
    let t = Math.max(this.globalHoldUntil, this.paceTat - tolerance);
    for (const w of this.global) t = Math.max(t, w.readyAt());
    return t;
  }

  private top(heap: MinHeap<HeapEntry>): HeapEntry | undefined {
    for (;;) {
      const e = heap.peek();
      if (!e || e.version === e.chat.version) return e;
      heap.pop();
    }
  }

  /** Grants every send that may go now, then sleeps until the next one may. */
  private pump(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    for (;;) {
      const reply = this.top(this.replyHeap);
      for (let due = this.top(this.pushHeap); due && due.readyAt <= now; due = this.top(this.pushHeap)) {
        this.pushHeap.pop();
        this.pushReady.push(due);
      }
      const readyPush = this.top(this.pushReady);
      const push = readyPush ?? this.top(this.pushHeap);
      if (!reply && !push) return;
      // At the in-flight cap a release pumps again.
      if (this.opts.maxInFlight !== undefined && this.stats.inFlight >= this.opts.maxInFlight) return;
      const globalAt = this.globalReadyAt();
      if (globalAt > now) {
        this.wakeAt(globalAt);
        return;
      }
      const pick = reply && reply.readyAt <= now ? reply : push && push.readyAt <= now ? push : undefined;
      if (!pick) {
        this.wakeAt(Math.min(reply?.readyAt ?? Infinity, push?.readyAt ?? Infinity));
        return;
      }
      (pick === reply ? this.replyHeap : this.pushReady).pop();
      this.grant(pick.chat, now, Math.max(globalAt, pick.readyAt));
    }
  }

  private grant(c: ChatState, now: number, allowedAt: number): void {
    const waiter = (c.replies.length > 0 ? c.replies : c.pushes).shift() as Waiter;
    const lateMs = Math.max(0, now - Math.max(allowedAt, waiter.since));
    this.stats.waiting--;
    const slots = this.global.map((w) => w.occupy());
    const chatSlots = c.windows.map((w) => w.occupy());
    const pace = this.opts.pace;
    const interval = pace ? pace.intervalMs + (pace.jitterMs ? this.random() * pace.jitterMs : 0) : 0;
    if (pace) this.paceTat = Math.max(this.paceTat, now) + interval;
    c.inFlight++;
    this.stats.inFlight++;
    this.stats.granted++;
    let released = false;
    const permit: Permit = {
      chatId: c.id,
      grantedAt: now,
      lateMs,
      release: (failure?: unknown) => {
        if (released) return;
        released = true;
        const t = this.clock.now();
        const counted = failure === undefined || !this.opts.notCounted?.(failure);
        slots.forEach((s, i) => {
          this.global[i]?.complete(s, t, counted);
        });
        chatSlots.forEach((s, i) => {
          c.windows[i]?.complete(s, t, counted);
        });
        // A refused send also gives its pace turn back: the server saw no message, so the account's
        // budget of that moment is still unspent (the windows above still bound every second).
        if (!counted) this.paceTat -= interval;
        c.inFlight--;
        this.stats.inFlight--;
        this.schedule(c);
        this.pump();
      },
    };
    this.schedule(c);
    if (++this.grantsSinceSweep >= 5000) this.sweep(now);
    waiter.resolve(permit);
  }

  private wakeAt(at: number): void {
    if (at === Number.POSITIVE_INFINITY) return; // a release will pump again
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimer(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(0, Math.ceil(at - this.clock.now())),
    );
  }

  /** Forgets chats that have nothing waiting and whose windows can no longer constrain anything. */
  private sweep(now: number): void {
    this.grantsSinceSweep = 0;
    for (const [id, c] of this.chats) {
      if (c.replies.length + c.pushes.length === 0 && c.inFlight === 0 && c.holdUntil <= now) {
        if (c.windows.every((w) => w.idleAt(now))) this.chats.delete(id);
      }
    }
  }

  /** Number of chats the limiter currently tracks (for tests of the sweep). */
  get trackedChats(): number {
    return this.chats.size;
  }
}

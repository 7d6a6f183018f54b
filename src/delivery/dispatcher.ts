import { setMaxListeners } from "node:events";
import pRetry from "p-retry";
import type { Config } from "../config.ts";
import type { OutPart, PlatformAdapter, SendReceipt } from "../core/ports/index.ts";
import { PermanentError, RateLimited, SendError, TransientError, UNLIMITED } from "../core/ports/index.ts";
import { type Platform, parseChatId } from "../domain/chat.ts";
import type { Logger } from "../log.ts";
import { type Clock, delay, systemClock } from "./clock.ts";
import { Limiter, type LimiterOptions, type Permit, type Priority } from "./limiter.ts";

export interface SendOptions {
  /** Replies to people go before pushes. Default "push". */
  priority?: Priority;
  /**
   * Messages this chat still has to receive, this one included. Among pushes ready to go, the chat
   * with the most left goes first, so the push ends with every chat finishing together instead of
   * a tail of a few chats held to their own per-chat limit.
   */
  remaining?: number;
}

export interface RetryPolicy {
  /** Retries of a 5xx / network failure before giving up (TransientError surfaces then). */
  transientRetries: number;
  /**
   * The wait before the first retry of a 5xx / network failure. Short: a lone 5xx is usually
   * passing, and a chat waiting half a second is a chat that finishes last. Later retries back off.
   */
  firstRetryMs: number;
  /**
   * How many retries are quick (`firstRetryMs`, then twice that, ...) before the backoff from
   * `minTimeoutMs`. Two: at 3% 5xx a chat meets two failures in a row once in ~1,100 messages, so a
   * push of 70,000 has dozens, and each one waiting half a second made the push's last second a tail
   * of stragglers (measured: the last 0.8 s of a 10,000-group push held 19 sends, all retries).
   */
  quickRetries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** 429s tolerated for one message before giving up (each one waits `retry_after`). */
  rateLimitRetries: number;
  /**
   * How long a send waits for an offline account (WeChat before its QR scan) before it fails with
   * AccountOffline. Waiting spends no retries: an evening push started before the login goes out after it.
   */
  accountWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  // One more than the quick ones add, so a long outage is still waited out as long (~7.6 s).
  transientRetries: 6,
  firstRetryMs: 50,
  quickRetries: 2,
  minTimeoutMs: 500,
  maxTimeoutMs: 30_000,
  rateLimitRetries: 20,
  accountWaitMs: 6 * 60 * 60 * 1000,
};

/**
 * What an adapter offers when its account can be offline for long stretches (WeChat waiting for a QR
 * scan or a reconnect). The dispatcher waits on it before taking a turn from the limiter, so nothing
 * holds the account's budget while it cannot send. Adapters without it are taken as always ready.
 */
export interface AccountReadiness {
  isReady(): boolean;
  /** Resolves once the account can send; rejects with the signal's reason when aborted. */
  whenReady(signal?: AbortSignal): Promise<void>;
}

function readinessOf(adapter: PlatformAdapter): AccountReadiness | undefined {
  const { isReady, whenReady } = adapter;
  return isReady && whenReady
    ? { isReady: () => isReady.call(adapter), whenReady: (signal) => whenReady.call(adapter, signal) }
    : undefined;
}

/** The account stayed offline for longer than `accountWaitMs`: the message is given up (not retried). */
export class AccountOffline extends TransientError {
  constructor(platform: Platform, waitedMs: number) {
    super(`the ${platform} account stayed offline for ${Math.round(waitedMs / 60_000)} minutes`);
  }
}

export interface DispatcherOptions {
  adapters: PlatformAdapter[];
  config: Config;
  log: Logger;
  clock?: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Overrides the limits derived from the config (tests, the benchmark). */
  limits?: Partial<Record<Platform, LimiterOptions>>;
}

export interface DispatcherStats {
  sent: number;
  rateLimited: number;
  transientFailures: number;
  /** Sends that had to wait for their account to log in (again). */
  waitedForAccount: number;
}

export interface Dispatcher {
  /**
   * Sends one part to one chat through the platform's limiter: waits its turn, honours 429
   * `retry_after`, retries transient failures with backoff and jitter. Rejects with ChatGone,
   * ChatMigrated, BadMarkup, TooLong or PermanentError (never retried), a TransientError or
   * RateLimited once the retries are spent, AccountOffline when the account stayed logged out for
   * longer than `accountWaitMs` (waiting for it spends no retries), or DispatcherStopped.
   */
  send(chatId: string, part: OutPart, opts?: SendOptions): Promise<SendReceipt>;
  limiter(platform: Platform): Limiter | undefined;
  readonly stats: DispatcherStats;
  /** Stops granting sends (waiting ones reject with DispatcherStopped) and waits for sends in flight. */
  stop(): Promise<void>;
}

export class DispatcherStopped extends Error {
  constructor() {
    super("delivery is stopping");
    this.name = "DispatcherStopped";
  }
}

/** Several chats hit by 429 within this span means the account-wide limit, not one chat's. */
const GLOBAL_429_SPAN_MS = 1000;

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const policy = { ...DEFAULT_RETRY, ...opts.retry };
  const adapters = new Map(opts.adapters.map((a) => [a.platform, a]));
  const limiters = new Map<Platform, Limiter>();
  for (const a of opts.adapters) {
    const limits = opts.limits?.[a.platform] ?? a.limits ?? UNLIMITED;
    limiters.set(a.platform, new Limiter({ ...limits, clock }));
  }
  const stats: DispatcherStats = { sent: 0, rateLimited: 0, transientFailures: 0, waitedForAccount: 0 };
  const readiness = new Map<Platform, AccountReadiness>();
  for (const a of opts.adapters) {
    const r = readinessOf(a);
    if (r) readiness.set(a.platform, r);
  }
  /** Platforms whose account is offline right now and already said so in the log. */
  const offline = new Set<Platform>();
  const inFlight = new Set<Promise<unknown>>();
  const abort = new AbortController();
  // Every send waiting out a backoff listens on this one signal.
  setMaxListeners(0, abort.signal);
  const recent429 = new Map<Platform, { chatId: string; at: number }>();
  let stopped = false;
  const traceSends = opts.log.isLevelEnabled("trace");

  /**
   * Waits until the platform's account can send, at most `accountWaitMs`; resolves at once for a
   * ready account. Logs the outage once per platform, not once per waiting message.
   */
  async function untilReady(platform: Platform): Promise<void> {
    const account = readiness.get(platform);
    if (!account || account.isReady()) return;
    stats.waitedForAccount++;
    if (!offline.has(platform)) {
      offline.add(platform);
      const since = clock.now();
      opts.log.warn({ platform }, "the account is offline: sends wait until it logs in");
      account.whenReady(abort.signal).then(
        () => {
          offline.delete(platform);
          opts.log.info({ platform, waitedMs: clock.now() - since }, "the account is back: sends resume");
        },
        () => offline.delete(platform),
      );
    }
    const bound = new AbortController();
    const onStop = () => bound.abort(new DispatcherStopped());
    abort.signal.addEventListener("abort", onStop, { once: true });
    const timer = clock.setTimer(
      () => bound.abort(new AccountOffline(platform, policy.accountWaitMs)),
      policy.accountWaitMs,
    );
    try {
      if (abort.signal.aborted) throw new DispatcherStopped();
      await account.whenReady(bound.signal);
    } finally {
      clock.clearTimer(timer);
      abort.signal.removeEventListener("abort", onStop);
    }
  }

  /** One attempt as far as backoff is concerned: loops through 429s, each after its retry_after. */
  async function attempt(
    chatId: string,
    platform: Platform,
    part: OutPart,
    priority: Priority,
    remaining: number,
  ) {
    const adapter = adapters.get(platform);
    const limiter = limiters.get(platform);
    if (!adapter || !limiter) throw new PermanentError(`no adapter for ${platform}`);
    for (let limited = 0; ; ) {
      if (stopped) throw new DispatcherStopped();
      // Before taking a turn: an offline account must not hold the limiter (replies would queue behind it).
      await untilReady(platform);
      const askedAt = clock.now();
      const permit = await limiter.acquire(chatId, priority, remaining).catch((e) => {
        throw stopped ? new DispatcherStopped() : e;
      });
      const sentAt = clock.now();
      const sending = adapter.send(chatId, part);
      inFlight.add(sending);
      let failure: unknown;
      try {
        const receipt = await sending;
        stats.sent++;
        return receipt;
      } catch (e) {
        failure = e ?? new Error("send failed");
        // Logged out between the turn and the send: whatever the platform said (even "no such room")
        // says nothing about the chat. Wait for the account again; no retry is spent.
        const account = readiness.get(platform);
        if (account && !account.isReady() && !stopped && !(e instanceof DispatcherStopped)) {
          opts.log.debug({ chatId, err: String((e as Error)?.message ?? e) }, "send failed while offline");
          continue;
        }
        if (!(e instanceof RateLimited)) {
          // Anything an adapter did not classify is treated as passing trouble, not as a lost chat.
          throw e instanceof SendError || e instanceof DispatcherStopped
            ? e
            : new TransientError(String((e as Error)?.message ?? e), undefined, e);
        }
        stats.rateLimited++;
        const now = clock.now();
        const until = now + Math.max(1, e.retryAfterSeconds) * 1000;
        limiter.holdChat(chatId, until);
        const prev = recent429.get(platform);
        if (prev && prev.chatId !== chatId && now - prev.at < GLOBAL_429_SPAN_MS) limiter.holdAll(until);
        recent429.set(platform, { chatId, at: now });
        opts.log.warn({ chatId, retryAfter: e.retryAfterSeconds }, "rate limited; waiting before resending");
        if (++limited > policy.rateLimitRetries) throw e;
      } finally {
        inFlight.delete(sending);
        permit.release(failure);
        if (traceSends)
          traceSend(opts.log, { chatId, part, priority, askedAt, permit, sentAt, failure }, clock);
      }
    }
  }

  return {
    stats,
    limiter: (platform) => limiters.get(platform),
    async send(chatId, part, sendOpts = {}) {
      if (stopped) throw new DispatcherStopped();
      const { platform } = parseChatId(chatId);
      const priority = sendOpts.priority ?? "push";
      const remaining = sendOpts.remaining ?? 1;
      const once = () => attempt(chatId, platform, part, priority, remaining);
      // Most sends succeed at once: only a failure builds p-retry's machinery (an operation, its
      // timeouts, two closures: ~10 µs a send at thousands a second). p-retry is then handed that
      // first failure as its own first attempt, so counting, backoff and giving up are all its.
      let first: unknown;
      try {
        return await once();
      } catch (e) {
        first = e;
      }
      let replayed = false;
      const input = () => {
        if (replayed) return once();
        replayed = true;
        throw first;
      };
      return pRetry(input, {
        retries: policy.transientRetries,
        // The backoff is ours (below), on our clock and cut short by stop(); p-retry only counts.
        minTimeout: 0,
        maxTimeout: 0,
        // AccountOffline has waited hours already: another round would only delay the report.
        shouldRetry: (e) => e instanceof TransientError && !(e instanceof AccountOffline) && !stopped,
        onFailedAttempt: async (e) => {
          if (!(e instanceof TransientError) || e instanceof AccountOffline || e.retriesLeft <= 0) return;
          stats.transientFailures++;
          const wait = backoffMs(policy, e.attemptNumber, random);
          opts.log.warn(
            {
              chatId,
              attempt: e.attemptNumber,
              retriesLeft: e.retriesLeft,
              waitMs: Math.round(wait),
              err: e.message,
            },
            "send failed; retrying",
          );
          await delay(clock, wait, abort.signal);
        },
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      abort.abort(new DispatcherStopped());
      for (const l of limiters.values()) l.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * At log level `trace`, one line per attempt with where its time went (the product benchmark's
 * BENCH_TRACE=1 sums them up): `queuedMs` from asking for a turn to the grant, of which `lateMs`
 * after every limit allowed it (timers and a busy event loop), `resumeMs` from the grant until the
 * send started, `rttMs` the platform's round trip.
 */
function traceSend(
  log: Logger,
  t: {
    chatId: string;
    part: OutPart;
    priority: Priority;
    askedAt: number;
    permit: Permit;
    sentAt: number;
    failure: unknown;
  },
  clock: Clock,
): void {
  log.trace(
    {
      chatId: t.chatId,
      part: t.part.type,
      priority: t.priority,
      grantedAt: t.permit.grantedAt,
      queuedMs: t.permit.grantedAt - t.askedAt,
      lateMs: t.permit.lateMs,
      resumeMs: t.sentAt - t.permit.grantedAt,
      rttMs: clock.now() - t.sentAt,
      outcome: t.failure === undefined ? "ok" : t.failure instanceof Error ? t.failure.name : "error",
    },
    "send timing",
  );
}

/**
 * The quick retries after `firstRetryMs`·2^(n-1) (never above `minTimeoutMs`), then exponential
 * backoff from `minTimeoutMs`, capped; all with 0.5–1.5 jitter.
 */
export function backoffMs(
  policy: RetryPolicy,
  attemptNumber: number,
  random: () => number = Math.random,
): number {
  const quick = Math.max(1, policy.quickRetries);
  const base =
    attemptNumber <= quick
      ? Math.min(policy.firstRetryMs * 2 ** (attemptNumber - 1), policy.minTimeoutMs)
      : Math.min(policy.maxTimeoutMs, policy.minTimeoutMs * 2 ** (attemptNumber - quick - 1));
  return base * (0.5 + random());
}

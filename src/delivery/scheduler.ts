import type { Config } from "../config.ts";
import { todayIn } from "../domain/today.ts";
import { cronParser, nodeSchedule } from "../lazy-require.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";

/** The scheduled time (ISO) of the last push the schedule started, so a restart knows what it missed. */
export const LAST_SCHEDULED_KEY = "lastScheduledPushAt";

export interface SchedulerOptions {
  config: Pick<Config, "pushAt" | "tz" | "catchUpMinutes">;
  store: Store;
  log: Logger;
  /** Starts the push of a scheduled time; the scheduler logs its failure and carries on. */
  push: (scheduledAt: Date, why: "schedule" | "catch-up") => Promise<unknown>;
  now?: () => Date;
}

export interface Scheduler {
  nextRun(): Date | undefined;
  /** Runs the push missed while the bot was down, if any; returns its scheduled time. */
  catchUp(): Promise<Date | undefined>;
  stop(): void;
}

/** `2026-12-02 18:00 Asia/Shanghai`: a moment on the wall clock of a timezone. */
export function localTime(at: Date, tz: string): string {
  // sv-SE formats as ISO-like `2026-12-02 18:00`.
  const text = new Intl.DateTimeFormat("sv-SE", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  return `${text} ${tz}`;
}

/** The latest time at or before `now` the cron fired, in its timezone. */
export function previousFire(cron: string, tz: string, now: Date): Date | undefined {
  try {
    // currentDate a second on, so a fire at exactly `now` counts as the previous one.
    const it = cronParser().parseExpression(cron, { currentDate: new Date(now.getTime() + 1000), tz });
    return it.prev().toDate();
  } catch {
    return undefined;
  }
}

/**
 * The scheduled push that was missed, if it should still run: it fired at most `catchUpMinutes`
 * ago, on the same day in the publisher's timezone, and is later than the last one started.
 */
export function missedPush(args: {
  cron: string;
  tz: string;
  catchUpMinutes: number;
  now: Date;
  lastRun?: string;
}): Date | undefined {
  const prev = previousFire(args.cron, args.tz, args.now);
  if (!prev) return undefined;
  if (args.now.getTime() - prev.getTime() > args.catchUpMinutes * 60_000) return undefined;
  if (todayIn(args.tz, prev) !== todayIn(args.tz, args.now)) return undefined;
  if (args.lastRun && Date.parse(args.lastRun) >= prev.getTime()) return undefined;
  return prev;
}

/**
 * Fires the push at `config.pushAt` in `config.tz` with node-schedule. The spec is an object with
 * `tz` (node-schedule's `RecurrenceRule` ignores a timezone given to its constructor).
 */
export function startScheduler(opts: SchedulerOptions): Scheduler {
  const { config, store, log } = opts;
  const now = opts.now ?? (() => new Date());
  const fire = async (at: Date, why: "schedule" | "catch-up") => {
    try {
      await store.setSetting(LAST_SCHEDULED_KEY, at.toISOString());
      await opts.push(at, why);
    } catch (err) {
      log.error({ err, at }, "the scheduled push failed");
    }
  };
  const job = nodeSchedule().scheduleJob({ rule: config.pushAt, tz: config.tz }, (fireDate: Date) => {
    void fire(fireDate, "schedule");
  });
  if (!job) log.error({ pushAt: config.pushAt }, "the push schedule never fires");
  else {
    const next = job.nextInvocation();
    const nextLocal = next ? localTime(new Date(next.getTime()), config.tz) : undefined;
    // The operator reads the publisher's clock (`2026-12-02 18:00 Asia/Shanghai`), not UTC.
    log.info(
      { pushAt: config.pushAt, tz: config.tz, next: nextLocal, nextUtc: next?.toISOString() },
      nextLocal ? `push scheduled: next at ${nextLocal}` : "push scheduled",
    );
  }
  return {
    nextRun: () => job?.nextInvocation() ?? undefined,
    async catchUp() {
      const lastRun = await store.getSetting<string>(LAST_SCHEDULED_KEY);
      const missed = missedPush({
        cron: config.pushAt,
        tz: config.tz,
        catchUpMinutes: config.catchUpMinutes,
        now: now(),
        lastRun,
      });
      if (!missed) return undefined;
      log.info({ missed: missed.toISOString() }, "running the push missed while the bot was down");
      await fire(missed, "catch-up");
      return missed;
    },
    stop() {
      job?.cancel();
    },
  };
}

import pino from "pino";
import { describe, expect, it } from "vitest";
import {
  LAST_SCHEDULED_KEY,
  missedPush,
  previousFire,
  startScheduler,
} from "../../src/delivery/scheduler.ts";
import { todayIn } from "../../src/domain/today.ts";
import { MemoryStore } from "../../src/store/memory.ts";

const log = pino({ level: "silent" });

/** The wall-clock fields of `at` in a timezone. */
function fieldsIn(tz: string, at: Date) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: tz,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { h: get("hour"), m: get("minute"), s: get("second") };
}

describe("scheduler", () => {
  it("fires at the cron time of the configured timezone (not the machine's)", async () => {
    const tz = "Asia/Kathmandu"; // UTC+5:45: a wrong timezone would be off by hours and minutes
    const at = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
    const { h, m, s } = fieldsIn(tz, at);
    const store = new MemoryStore();
    let fired: ((d: Date) => void) | undefined;
    const firedAt = new Promise<Date>((resolve) => {
      fired = resolve;
    });
    const scheduler = startScheduler({
      config: { pushAt: `${s} ${m} ${h} * * *`, tz, catchUpMinutes: 60 },
      store,
      log,
      push: async (when) => fired?.(when),
    });
    try {
      expect(scheduler.nextRun()?.getTime()).toBe(at.getTime());
      const when = await firedAt;
      expect(when.getTime()).toBe(at.getTime());
      expect(Date.now()).toBeGreaterThanOrEqual(at.getTime() - 50);
      expect(await store.getSetting(LAST_SCHEDULED_KEY)).toBe(at.toISOString());
    } finally {
      scheduler.stop();
    }
  });

  it("knows the previous fire time of a cron in a timezone", () => {
    // 18:00 in Shanghai is 10:00 UTC.
    const prev = previousFire("0 18 * * *", "Asia/Shanghai", new Date("2026-01-08T11:30:00Z"));
    expect(prev?.toISOString()).toBe("2026-01-08T10:00:00.000Z");
  });

  it("runs a push missed while the bot was down only within the catch-up window of the same day", () => {
    const base = { cron: "0 18 * * *", tz: "Asia/Shanghai", catchUpMinutes: 120 };
    // Down at 18:00, back at 19:30: catch up.
    expect(missedPush({ ...base, now: new Date("2026-01-08T11:30:00Z") })?.toISOString()).toBe(
      "2026-01-08T10:00:00.000Z",
    );
    // Back at 20:30: too late.
    expect(missedPush({ ...base, now: new Date("2026-01-08T12:30:00Z") })).toBeUndefined();
    // Already ran at 18:00.
    expect(
      missedPush({ ...base, now: new Date("2026-01-08T11:30:00Z"), lastRun: "2026-01-08T10:00:00.000Z" }),
    ).toBeUndefined();
    // A 23:30 push, back at 00:10 the next day: not the same day any more.
    expect(
      missedPush({ ...base, cron: "30 23 * * *", now: new Date("2026-01-08T16:10:00Z") }),
    ).toBeUndefined();
  });

  it("the catch-up runs the missed push once and remembers it", async () => {
    const store = new MemoryStore();
    const now = () => new Date("2026-01-08T10:20:00Z");
    const runs: Date[] = [];
    const scheduler = startScheduler({
      config: { pushAt: "0 18 * * *", tz: "Asia/Shanghai", catchUpMinutes: 60 },
      store,
      log,
      now,
      push: async (at) => {
        runs.push(at);
      },
    });
    try {
      expect((await scheduler.catchUp())?.toISOString()).toBe("2026-01-08T10:00:00.000Z");
      expect(await scheduler.catchUp()).toBeUndefined();
      expect(runs).toHaveLength(1);
      expect(todayIn("Asia/Shanghai", runs[0] as Date)).toBe("2026-01-08");
    } finally {
      scheduler.stop();
    }
  });
});

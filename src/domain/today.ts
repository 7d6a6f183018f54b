/** One formatter per timezone: building an Intl.DateTimeFormat costs ~0.5 ms, using one ~10 µs. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The last answer per timezone, by minute: every reply asks for today, and a local date changes
 * only on a minute boundary (zone offsets are whole minutes since the 1970s), so the formatter
 * runs once a minute rather than several times per reply.
 */
const lastAnswers = new Map<string, { minute: number; date: string }>();

/** Today's calendar date (YYYY-MM-DD) in a timezone. */
export function todayIn(tz: string, now: Date = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  const last = lastAnswers.get(tz);
  if (last?.minute === minute) return last.date;
  const date = formatToday(tz, now);
  lastAnswers.set(tz, { minute, date });
  return date;
}

function formatToday(tz: string, now: Date): string {
  let format = formatters.get(tz);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(tz, format);
  }
  return format.format(now);
}

/** `YYYY-MM-DD` from its numbers. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

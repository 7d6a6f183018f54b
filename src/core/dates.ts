import { IsoDate } from "../domain/issue.ts";
import { isoDate } from "../domain/today.ts";

/** A date as a reader writes it; the year is missing when they leave it out (`1月8日`). */
export interface DateWords {
  year?: number;
  month: number;
  day: number;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** `Jan`, `jan.`, `January`, `Sept` → 1…12; needs at least three letters of a real month name. */
function monthFromName(name: string): number | undefined {
  const n = name.toLowerCase();
  const i = MONTHS.findIndex((m) => m.startsWith(n));
  return n.length >= 3 && i >= 0 ? i + 1 : undefined;
}

/**
 * Reads the date forms readers use: `2018-01-08`, `2018/1/8`, `2018年1月8日`, `1月8日` / `1月8号`,
 * `1/8` and `1-8` (month first, as in China and the US), `Jan 8`, `8 Jan`, `January 8, 2018`.
 * Returns undefined for anything else, including impossible days.
 */
export function parseDateWords(input: string): DateWords | undefined {
  const s = input.normalize("NFKC").trim().replace(/\s+/g, " ");
  let out: DateWords | undefined;
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(s);
  const short = /^(\d{1,2})月(\d{1,2})[日号]?$/.exec(s) ?? /^(\d{1,2})[-/.](\d{1,2})$/.exec(s);
  const monthFirst = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$/.exec(s);
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?(?:,? (\d{4}))?$/.exec(s);
  if (full) {
    out = { year: Number(full[1]), month: Number(full[2]), day: Number(full[3]) };
  } else if (short) {
    out = { month: Number(short[1]), day: Number(short[2]) };
  } else if (monthFirst) {
    const month = monthFromName(monthFirst[1] ?? "");
    if (month)
      out = { month, day: Number(monthFirst[2]), year: monthFirst[3] ? Number(monthFirst[3]) : undefined };
  } else if (dayFirst) {
    const month = monthFromName(dayFirst[2] ?? "");
    if (month) out = { month, day: Number(dayFirst[1]), year: dayFirst[3] ? Number(dayFirst[3]) : undefined };
  }
  if (!out || out.month < 1 || out.month > 12 || out.day < 1 || out.day > 31) return undefined;
  // 2 月 30 日 and friends: check against a real calendar (Feb 29 is fine when the year is unknown).
  const probe = isoDate(out.year ?? 2000, out.month, out.day);
  return IsoDate.safeParse(probe).success ? out : undefined;
}

/**
 * The ISO date a reader means. Without a year: among the stored issues of that month and day the
 * newest one on or before today; when there is none, the most recent such day up to today (so
 * `12月25日` asked in January means last December).
 */
export function resolveDate(words: DateWords, today: string, storedDates: readonly string[] = []): string {
  if (words.year !== undefined) return isoDate(words.year, words.month, words.day);
  const suffix = `-${String(words.month).padStart(2, "0")}-${String(words.day).padStart(2, "0")}`;
  const stored = storedDates
    .filter((d) => d.endsWith(suffix) && d <= today)
    .sort()
    .at(-1);
  if (stored) return stored;
  const year = Number(today.slice(0, 4));
  for (const y of [year, year - 1, year - 2, year - 3, year - 4]) {
    const d = isoDate(y, words.month, words.day);
    if (d <= today && IsoDate.safeParse(d).success) return d;
  }
  return isoDate(year, words.month, words.day);
}

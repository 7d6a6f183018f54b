import { IsoDate } from "../domain/issue.ts";
import { isoDate, todayIn as todayInZone } from "../domain/today.ts";
import { IngestError, quoteInput } from "./errors.ts";

/**
 * The issue's date, in the order the design gives: an explicit date, else the first image path
 * (`/upload/img/YYYYMMDD/`), else the title's month and day in the publisher's timezone, else today.
 */
export interface DateClues {
  explicit?: string | undefined;
  /** The first image path's date and the line it is on. */
  image?: { date: string; line: number } | undefined;
  title: string;
  titleLine: number;
  tz: string;
  now?: Date | undefined;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_WORD =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
const EN_MONTH_DAY = new RegExp(`\\b${MONTH_WORD}\\s+${DAY}\\b(?:,?\\s*(\\d{4})\\b)?`, "i");
const EN_DAY_MONTH = new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH_WORD}\\b(?:,?\\s*(\\d{4})\\b)?`, "i");
const ZH_DATE = /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/;
const ISO_IN_TITLE = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/;
/** `12.25电商晚报`, `1/8 Evening News`: month and day with a dot or slash, no year. */
const NUMERIC_MONTH_DAY = /(?<![\d.])(\d{1,2})[./](\d{1,2})(?![\d.%])/;

export interface TitleDate {
  year?: number;
  month: number;
  day: number;
  /** The words in the title that gave the date, for error messages. */
  text: string;
}

/** The month and day (and year, rarely written) a title names, e.g. `December 25` or `1月8日`. */
export function titleDate(title: string): TitleDate | undefined {
  const t = title.normalize("NFKC");
  const zh = ZH_DATE.exec(t);
  if (zh) return withYear(zh[1], Number(zh[2]), Number(zh[3]), zh[0]);
  const iso = ISO_IN_TITLE.exec(t);
  if (iso) return withYear(iso[1], Number(iso[2]), Number(iso[3]), iso[0]);
  const md = EN_MONTH_DAY.exec(t);
  if (md) return withYear(md[3], monthNumber(md[1] ?? ""), Number(md[2]), md[0]);
  const dm = EN_DAY_MONTH.exec(t);
  if (dm) return withYear(dm[3], monthNumber(dm[2] ?? ""), Number(dm[1]), dm[0]);
  const numeric = NUMERIC_MONTH_DAY.exec(t);
  if (numeric) return withYear(undefined, Number(numeric[1]), Number(numeric[2]), numeric[0]);
  return undefined;
}

function withYear(year: string | undefined, month: number, day: number, text: string): TitleDate {
  return { ...(year ? { year: Number(year) } : {}), month, day, text: text.trim() };
}

function monthNumber(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

/** Today's calendar date in `tz`; an unknown timezone is refused with a message naming it. */
export function todayIn(tz: string, now: Date = new Date()): { year: number; month: number; day: number } {
  let today: string;
  try {
    today = todayInZone(tz, now);
  } catch (cause) {
    throw new IngestError(
      `tz: unknown timezone ${quoteInput(tz)} (expected an IANA name such as Asia/Shanghai)`,
      {
        field: "tz",
        cause,
      },
    );
  }
  const [year, month, day] = today.split("-").map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
}

export function isRealDate(date: string): boolean {
  return IsoDate.safeParse(date).success;
}

const DAY_MS = 86_400_000;

/**
 * The year for a title's month/day: the current year in `tz`, except around New Year, where the
 * closest of last, this and next year wins (a "December 31" issue imported on January 1 belongs to
 * the year that just ended, not to the coming December).
 */
function yearFor(month: number, day: number, today: { year: number; month: number; day: number }) {
  const todayMs = Date.UTC(today.year, today.month - 1, today.day);
  let best: { date: string; distance: number } | undefined;
  for (const year of [today.year, today.year - 1, today.year + 1]) {
    const date = isoDate(year, month, day);
    if (!isRealDate(date)) continue;
    const distance = Math.abs(Date.UTC(year, month - 1, day) - todayMs) / DAY_MS;
    // Prefer the current year unless another one is more than half a year closer.
    if (!best || distance < best.distance - 183) best = { date, distance };
  }
  return best?.date;
}

export function inferIssueDate(clues: DateClues): string {
  if (clues.explicit !== undefined) {
    if (!isRealDate(clues.explicit))
      throw new IngestError(
        `date: expected a real date written YYYY-MM-DD, got ${quoteInput(clues.explicit)}`,
        { field: "date" },
      );
    return clues.explicit;
  }
  if (clues.image) {
    if (!isRealDate(clues.image.date))
      throw new IngestError(
        `line ${clues.image.line}: the image path's date ${clues.image.date} is not a real date; give the issue's date with --date`,
        { line: clues.image.line },
      );
    return clues.image.date;
  }
  const today = todayIn(clues.tz, clues.now);
  const fromTitle = titleDate(clues.title);
  if (!fromTitle) return isoDate(today.year, today.month, today.day);
  const bad = () =>
    new IngestError(
      `line ${clues.titleLine}: the title's date ${quoteInput(fromTitle.text)} is not a real calendar date; correct it or give the issue's date with --date`,
      { line: clues.titleLine },
    );
  if (fromTitle.year !== undefined) {
    const date = isoDate(fromTitle.year, fromTitle.month, fromTitle.day);
    if (!isRealDate(date)) throw bad();
    return date;
  }
  const date = yearFor(fromTitle.month, fromTitle.day, today);
  if (!date) throw bad();
  return date;
}

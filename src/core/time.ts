import type { Locale } from "../domain/locale.ts";
import { t } from "./i18n/index.ts";

/** en-US short month names: what toLocaleString gives, without its ~0.4 ms per call on a reply. */
const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2018-01-08` → `1月8日` / `Jan 8, 2018`, for replies. */
export function displayDate(iso: string, locale: Locale): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  if (locale === "zh-CN") return `${y}年${m}月${d}日`;
  return `${SHORT_MONTHS[m - 1] ?? m} ${d}, ${y}`;
}

const TZ_NAMES: Record<string, { "zh-CN": string; en: string }> = {
  "Asia/Shanghai": { "zh-CN": "北京时间", en: "Beijing time" },
  "Asia/Chongqing": { "zh-CN": "北京时间", en: "Beijing time" },
  "Asia/Harbin": { "zh-CN": "北京时间", en: "Beijing time" },
  PRC: { "zh-CN": "北京时间", en: "Beijing time" },
  "Asia/Hong_Kong": { "zh-CN": "香港时间", en: "Hong Kong time" },
  "Asia/Taipei": { "zh-CN": "台北时间", en: "Taipei time" },
  UTC: { "zh-CN": "UTC", en: "UTC" },
  "Etc/UTC": { "zh-CN": "UTC", en: "UTC" },
};

const WEEKDAYS = {
  "zh-CN": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
  en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
} as const;

/**
 * A push schedule as people say it: `0 18 * * *` in Asia/Shanghai → `每天 18:00（北京时间）` /
 * `every day at 18:00 (Beijing time)`; weekday ranges and lists are spelled out too. Anything more
 * complex (steps, several hours, day-of-month rules) falls back to the raw cron and the timezone,
 * which is still true, rather than a friendly sentence that might be wrong.
 */
export function humanSchedule(cron: string, tz: string, locale: Locale): string {
  const zone = TZ_NAMES[tz]?.[locale] ?? tz;
  const fields = cron.trim().split(/\s+/);
  const [minute, hour, dom, month, dow] = fields.length === 6 ? fields.slice(1) : fields;
  const raw =
    locale === "zh-CN"
      ? `定时（cron：${cron.trim()}，${zone}）`
      : `on schedule (cron: ${cron.trim()}, ${zone})`;
  if (fields.length === 6 && fields[0] !== "0") return raw;
  if (!minute || !hour || !/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour)) return raw;
  if (dom !== "*" || month !== "*") return raw;
  const h = Number(hour);
  const m = Number(minute);
  if (h > 23 || m > 59) return raw;
  const time = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  const days = describeWeekdays(dow ?? "*", locale);
  if (days === undefined) return raw;
  return t(locale, "schedule.weekly", { days, time, zone });
}

function describeWeekdays(dow: string, locale: Locale): string | undefined {
  if (dow === "*" || dow === "?") return locale === "zh-CN" ? "每天" : "every day";
  const names = WEEKDAYS[locale];
  const day = (s: string) => {
    const n = Number(s);
    return Number.isInteger(n) && n >= 0 && n <= 7 ? names[n % 7] : undefined;
  };
  const range = /^(\d)-(\d)$/.exec(dow);
  if (range) {
    const a = day(range[1] ?? "");
    const b = day(range[2] ?? "");
    if (!a || !b) return undefined;
    if (dow === "1-5") return locale === "zh-CN" ? "每个工作日" : "every weekday";
    return locale === "zh-CN" ? `每${a}至${b}` : `every ${a}–${b}`;
  }
  if (/^\d(,\d)*$/.test(dow)) {
    const list = dow.split(",").map(day);
    if (list.some((d) => !d)) return undefined;
    return locale === "zh-CN" ? `每${list.join("、")}` : `every ${list.join(", ")}`;
  }
  return undefined;
}

import { describe, expect, it } from "vitest";
import { parseDateWords, resolveDate } from "../../src/core/dates.ts";
import { humanSchedule } from "../../src/core/time.ts";

describe("dates as readers write them", () => {
  it.each([
    ["2018-01-08", { year: 2018, month: 1, day: 8 }],
    ["2018/1/8", { year: 2018, month: 1, day: 8 }],
    ["2018年1月8日", { year: 2018, month: 1, day: 8 }],
    ["1月8日", { month: 1, day: 8 }],
    ["1月8号", { month: 1, day: 8 }],
    ["１月８日", { month: 1, day: 8 }],
    ["1/8", { month: 1, day: 8 }],
    ["Jan 8", { month: 1, day: 8 }],
    ["january 8th, 2018", { year: 2018, month: 1, day: 8 }],
    ["8 Jan", { month: 1, day: 8 }],
  ])("reads %s", (input, expected) => {
    expect(parseDateWords(input)).toEqual(expect.objectContaining(expected));
  });

  it.each(["2月30日", "13/1", "2018-02-29", "yesterday", "Ja 8", "", "1月"])("refuses %s", (input) => {
    expect(parseDateWords(input)).toBeUndefined();
  });

  it("takes a date without a year to mean the most recent such day, preferring a stored issue", () => {
    expect(resolveDate({ month: 1, day: 8 }, "2018-03-01")).toBe("2018-01-08");
    expect(resolveDate({ month: 12, day: 25 }, "2018-01-08")).toBe("2017-12-25");
    expect(resolveDate({ month: 1, day: 8 }, "2018-03-01", ["2016-01-08", "2017-01-08"])).toBe("2017-01-08");
    expect(resolveDate({ year: 2016, month: 1, day: 8 }, "2018-03-01")).toBe("2016-01-08");
  });
});

describe("the push time in words", () => {
  it("says a daily cron as a time of day in the publisher's zone", () => {
    expect(humanSchedule("0 18 * * *", "Asia/Shanghai", "zh-CN")).toBe("每天 18:00（北京时间）");
    expect(humanSchedule("30 7 * * *", "Asia/Shanghai", "en")).toBe("every day at 07:30 (Beijing time)");
    expect(humanSchedule("0 0 18 * * *", "Europe/Berlin", "en")).toBe("every day at 18:00 (Europe/Berlin)");
  });

  it("spells out weekdays", () => {
    expect(humanSchedule("0 18 * * 1-5", "Asia/Shanghai", "zh-CN")).toBe("每个工作日 18:00（北京时间）");
    expect(humanSchedule("0 9 * * 1,3", "Asia/Shanghai", "en")).toBe(
      "every Mon, Wed at 09:00 (Beijing time)",
    );
  });

  it("falls back to the raw cron for anything more complex", () => {
    expect(humanSchedule("*/30 18 * * *", "Asia/Shanghai", "zh-CN")).toBe(
      "定时（cron：*/30 18 * * *，北京时间）",
    );
    expect(humanSchedule("0 18 1 * *", "Asia/Shanghai", "en")).toContain("cron: 0 18 1 * *");
  });
});

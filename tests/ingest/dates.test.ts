import { describe, expect, it } from "vitest";
import { IngestError } from "../../src/ingest/errors.ts";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";

/** A minimal issue whose title and image line the tests choose. */
function issueText(title: string, image?: string): string {
  return [
    `#老高电商快报# 【${title}】1.一条导读。`,
    ...(image ? [`![封面](${image})`] : []),
    "电商快报：",
    "1、一条新闻",
    "正文。（来源：测试）",
  ].join("\n");
}

const JUNE_2026 = new Date("2026-06-01T04:00:00Z");

describe("the issue's date", () => {
  it("is the explicit date when one is given, whatever the images and title say", () => {
    const issue = parseNewsletterText(issueText("1月8日电商晚报", "/upload/img/20180108/1.png"), {
      date: "2019-03-04",
      tz: "Asia/Shanghai",
      now: JUNE_2026,
    });
    expect(issue.date).toBe("2019-03-04");
  });

  it("is the first image path's date when no date is given", () => {
    const issue = parseNewsletterText(issueText("1月8日电商晚报", "/upload/img/20180109/1.png"), {
      tz: "Asia/Shanghai",
      now: JUNE_2026,
    });
    expect(issue.date).toBe("2018-01-09");
  });

  it("is the title's month and day in the current year of the timezone when there are no images", () => {
    expect(
      parseNewsletterText(issueText("1月8日电商晚报"), { tz: "Asia/Shanghai", now: JUNE_2026 }).date,
    ).toBe("2026-01-08");
    const english = issueText("E-commerce Evening News on December 25");
    expect(parseNewsletterText(english, { tz: "Asia/Shanghai", now: JUNE_2026 }).date).toBe("2026-12-25");
    expect(parseNewsletterText(issueText("Evening News, 3rd Feb"), { tz: "UTC", now: JUNE_2026 }).date).toBe(
      "2026-02-03",
    );
  });

  it("reads month and day written with a dot or a slash", () => {
    const opts = { tz: "Asia/Shanghai", now: JUNE_2026 };
    expect(parseNewsletterText(issueText("12.25电商晚报"), opts).date).toBe("2026-12-25");
    expect(parseNewsletterText(issueText("Evening News 1/8"), opts).date).toBe("2026-01-08");
  });

  it("takes the year from the timezone's calendar, not the machine's", () => {
    // 17:00 UTC on 31 December is already 1 January 2026 in Shanghai but still 2025 in New York.
    const now = new Date("2025-12-31T17:00:00Z");
    const text = issueText("7月1日电商晚报");
    expect(parseNewsletterText(text, { tz: "Asia/Shanghai", now }).date).toBe("2026-07-01");
    expect(parseNewsletterText(text, { tz: "America/New_York", now }).date).toBe("2025-07-01");
  });

  it("puts a late-December issue imported on New Year's Day in the year that just ended", () => {
    const now = new Date("2026-01-01T02:00:00+08:00");
    expect(parseNewsletterText(issueText("12月31日电商晚报"), { tz: "Asia/Shanghai", now }).date).toBe(
      "2025-12-31",
    );
  });

  it("uses a year written in the title", () => {
    const issue = parseNewsletterText(issueText("2017年12月25日电商晚报"), {
      tz: "Asia/Shanghai",
      now: JUNE_2026,
    });
    expect(issue.date).toBe("2017-12-25");
  });

  it("is today in the timezone when nothing names a date", () => {
    const now = new Date("2026-03-09T20:00:00Z"); // already 10 March in Shanghai
    expect(parseNewsletterText(issueText("电商晚报"), { tz: "Asia/Shanghai", now }).date).toBe("2026-03-10");
  });

  it("makes a morning edition of a title that says 早报 or morning", () => {
    expect(
      parseNewsletterText(issueText("1月8日电商早报"), { tz: "Asia/Shanghai", now: JUNE_2026 }).edition,
    ).toBe("morning");
    const english = issueText("E-commerce Morning News on January 8");
    expect(parseNewsletterText(english, { tz: "Asia/Shanghai", now: JUNE_2026 }).edition).toBe("morning");
    expect(parseNewsletterText(issueText("1月8日电商晚报"), { tz: "Asia/Shanghai" }).edition).toBe("evening");
  });

  it("refuses an explicit date that is not a real one, naming the field", () => {
    const parse = () =>
      parseNewsletterText(issueText("1月8日电商晚报"), { date: "2025-02-30", tz: "Asia/Shanghai" });
    expect(parse).toThrow(IngestError);
    expect(parse).toThrow(/^date: expected a real date written YYYY-MM-DD, got "2025-02-30"/);
  });

  it("refuses a title date that is not a real one, naming line 1", () => {
    const parse = () =>
      parseNewsletterText(issueText("2月30日电商晚报"), { tz: "Asia/Shanghai", now: JUNE_2026 });
    expect(parse).toThrow(/^line 1: the title's date "2月30日" is not a real calendar date/);
  });

  it("refuses an image path whose date is not real, naming its line", () => {
    const parse = () =>
      parseNewsletterText(issueText("1月8日电商晚报", "/upload/img/20181345/1.png"), { tz: "Asia/Shanghai" });
    expect(parse).toThrow(/^line 2: the image path's date 2018-13-45 is not a real date/);
  });

  it("refuses an unknown timezone with an IngestError naming it", () => {
    const parse = () => parseNewsletterText(issueText("1月8日电商晚报"), { tz: "Mars/Olympus" });
    expect(parse).toThrow(IngestError);
    expect(parse).toThrow(/unknown timezone "Mars\/Olympus"/);
  });
});

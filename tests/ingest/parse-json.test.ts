import { describe, expect, it } from "vitest";
import { IngestError } from "../../src/ingest/errors.ts";
import { parseIssueJson } from "../../src/ingest/parse-json.ts";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";
import { readFixture, SHANGHAI } from "./fixtures.ts";

function thrown(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (err) {
    if (err instanceof IngestError) return err;
    throw err;
  }
  throw new Error("expected an IngestError, nothing was thrown");
}

describe("issues in JSON", () => {
  it.each(["en-2018-01-08.txt", "zh-edge-2025-01-09.txt"])(
    "round-trip: %s parsed, stringified and parsed again is the same issue",
    (name) => {
      const issue = parseNewsletterText(readFixture(name), SHANGHAI);
      expect(parseIssueJson(JSON.stringify(issue))).toEqual(issue);
      expect(parseIssueJson(JSON.stringify(issue, null, 2))).toEqual(issue);
    },
  );

  it("fills in what a hand-written file leaves out (edition, language, images, footer)", () => {
    const issue = parseIssueJson(
      JSON.stringify({
        date: "2025-01-11",
        title: "1月11日电商晚报",
        sections: [{ key: "ecommerce", title: "电商快报", items: [{ n: 1, title: "一条新闻" }] }],
      }),
    );
    expect(issue.edition).toBe("evening");
    expect(issue.language).toBe("zh");
    expect(issue.headlines).toEqual([]);
    expect(issue.footer).toEqual([]);
    expect(issue.sections[0]?.items[0]).toEqual({ n: 1, title: "一条新闻", body: "", images: [] });
  });

  it("guesses the language of a file that leaves it out", () => {
    const issue = parseNewsletterText(readFixture("en-2018-01-08.txt"), SHANGHAI);
    const { language: _, ...withoutLanguage } = issue;
    expect(parseIssueJson(JSON.stringify(withoutLanguage)).language).toBe("en");
    const zh = parseNewsletterText(readFixture("zh-edge-2025-01-09.txt"), SHANGHAI);
    const { language: __, ...zhWithoutLanguage } = zh;
    expect(parseIssueJson(JSON.stringify(zhWithoutLanguage)).language).toBe("zh");
  });

  it("lets an explicit date replace the file's", () => {
    const issue = parseNewsletterText(readFixture("en-2018-01-08.txt"), SHANGHAI);
    expect(parseIssueJson(JSON.stringify(issue), { date: "2018-01-09" }).date).toBe("2018-01-09");
  });

  it("accepts a byte-order mark and CRLF line ends", () => {
    const issue = parseNewsletterText(readFixture("en-2018-01-08.txt"), SHANGHAI);
    const windows = `\uFEFF${JSON.stringify(issue, null, 2).replace(/\n/g, "\r\n")}`;
    expect(parseIssueJson(windows)).toEqual(issue);
  });

  it("refuses broken JSON with the line and column of the mistake", () => {
    const err = thrown(() => parseIssueJson(readFixture("bad-broken.json")));
    expect(err.message).toMatch(/^line 4, column 3: invalid JSON: /);
    expect(err.line).toBe(4);
  });

  it("refuses truncated JSON naming its last line", () => {
    const err = thrown(() => parseIssueJson('{\n  "date": "2025-01-11",\n  "title": "x"'));
    expect(err.message).toMatch(/^line 3(, column \d+)?: invalid JSON/);
  });

  it("refuses an issue with no title, naming the field", () => {
    const err = thrown(() => parseIssueJson(readFixture("bad-missing-title.json")));
    expect(err.message).toMatch(/^title: missing \(expected string/);
    expect(err.field).toBe("title");
  });

  it("names the path of a field deep inside the sections", () => {
    const issue = parseNewsletterText(readFixture("en-2018-01-08.txt"), SHANGHAI);
    const broken = JSON.parse(JSON.stringify(issue));
    broken.sections[2].items[0].title = "";
    broken.sections[1].key = "Not A Slug";
    const err = thrown(() => parseIssueJson(JSON.stringify(broken)));
    expect(err.message).toContain("sections[1].key: expected a lowercase slug");
    expect(err.message).toContain("sections[2].items[0].title:");
    expect(err.field).toBe("sections[1].key");
  });

  it("refuses two sections with one key and a date that is not real", () => {
    const issue = parseNewsletterText(readFixture("en-2018-01-08.txt"), SHANGHAI);
    const twin = { ...issue, sections: [issue.sections[0], issue.sections[0]] };
    expect(thrown(() => parseIssueJson(JSON.stringify(twin))).message).toBe(
      "sections: two sections share one key",
    );
    const badDate = { ...issue, date: "2018-02-30" };
    expect(thrown(() => parseIssueJson(JSON.stringify(badDate))).message).toBe(
      "date: not a real calendar date",
    );
  });

  it.each([
    ["null", /^\(issue\): /],
    ["[]", /^\(issue\): /],
    ['"an issue"', /^\(issue\): /],
    ["", /invalid JSON/],
  ])("refuses %j as an issue with an IngestError", (text, message) => {
    expect(thrown(() => parseIssueJson(text)).message).toMatch(message);
  });
});

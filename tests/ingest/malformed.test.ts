import { describe, expect, it } from "vitest";
import { IngestError } from "../../src/ingest/errors.ts";
import { loadIssueFile } from "../../src/ingest/load.ts";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";
import { fixturePath, SHANGHAI } from "./fixtures.ts";

async function loadError(name: string): Promise<IngestError> {
  const err = await loadIssueFile(fixturePath(name), SHANGHAI).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof IngestError))
    throw new Error(`expected an IngestError for ${name}, got ${String(err)}`);
  return err;
}

function textError(text: string): IngestError {
  try {
    parseNewsletterText(text, SHANGHAI);
  } catch (err) {
    if (err instanceof IngestError) return err;
    throw err;
  }
  throw new Error("expected an IngestError, the text parsed");
}

describe("malformed issue files are refused with a message naming the line or field", () => {
  it.each([
    ["bad-no-sections.txt", 2, /: line 2: the issue has no sections; expected a header such as "电商快报："/],
    [
      "bad-date.txt",
      1,
      /: line 1: the title's date "2月30日" is not a real calendar date; correct it or give the issue.s date with --date$/,
    ],
    [
      "bad-title-line.txt",
      1,
      /: line 1: expected the title line "#Hashtag# \[date \.\.\.\] 1\. \.\.\.; 2\. \.\.\.", got "电商快报："$/,
    ],
    ["bad-broken.json", 4, /: line 4, column 3: invalid JSON: /],
  ])("%s: line %i", async (name, line, message) => {
    const err = await loadError(name);
    expect(err.message.startsWith(fixturePath(name))).toBe(true);
    expect(err.message).toMatch(message);
    expect(err.line).toBe(line);
    expect(err.file).toBe(fixturePath(name));
  });

  it("bad-missing-title.json: the title field", async () => {
    const err = await loadError("bad-missing-title.json");
    expect(err.message).toMatch(/: title: missing \(expected string, received undefined\)$/);
    expect(err.field).toBe("title");
  });

  it("a file that does not exist", async () => {
    const err = await loadError("no-such-issue.txt");
    expect(err.message).toMatch(/no-such-issue\.txt: cannot read the issue file \(no such file\)$/);
  });
});

describe("malformed newsletter text names the line", () => {
  const TITLE = "#老高电商快报# 【1月8日电商晚报】1.导读。";

  it("an empty file", () => {
    expect(textError("").message).toMatch(/^line 1: the issue is empty/);
    expect(textError("\n  \n\n").message).toMatch(/^line 1: the issue is empty/);
  });

  it("a title bracket that is never closed", () => {
    expect(textError("#老高电商快报# 【1月8日电商晚报 1.导读").message).toMatch(
      /^line 1: expected the title line .* \(the title's bracket 【 is never closed\)$/,
    );
  });

  it("text between the lead and the first section header", () => {
    const err = textError([TITLE, "", "编者按：这一行不属于任何栏目。", "电商快报：", "1、新闻"].join("\n"));
    expect(err.message).toMatch(
      /^line 3: expected a section header such as "电商快报：" .* got "编者按：这一行不属于任何栏目。"$/,
    );
    expect(err.line).toBe(3);
  });

  it("an item before any section header", () => {
    const err = textError([TITLE, "5、没有栏目的新闻", "电商快报：", "1、新闻"].join("\n"));
    expect(err.message).toMatch(/^line 2: item "5、没有栏目的新闻" comes before any section header/);
  });

  it("a section header with no items under it", () => {
    const err = textError([TITLE, "电商快报：", "互联网快报：", "1、新闻"].join("\n"));
    expect(err.message).toMatch(/^line 2: the section "电商快报" has no items/);
  });

  it("an editorial header with no text", () => {
    const err = textError([TITLE, "电商快报：", "1、新闻", "今日老高观点："].join("\n"));
    expect(err.message).toBe('line 4: the section "今日老高观点" has no text');
  });

  it("two sections with the same key", () => {
    const err = textError([TITLE, "电商快报：", "1、新闻", "", "电商新闻：", "1、又一条"].join("\n"));
    expect(err.message).toMatch(
      /^line 5: a second section with key "ecommerce" \("电商新闻"\); the first one starts on line 2/,
    );
  });

  it("an item number with no title at the end of the file", () => {
    const err = textError([TITLE, "电商快报：", "1、新闻", "2、"].join("\n"));
    expect(err.message).toBe("line 4: item 2 has no title");
  });

  it("an item numbered 0 fails the schema and names its line and field", () => {
    const err = textError([TITLE, "电商快报：", "0、零号新闻"].join("\n"));
    expect(err.message).toMatch(/^line 3: sections\[0\]\.items\[0\]\.n: /);
    expect(err.field).toBe("sections[0].items[0].n");
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IngestError } from "../../src/ingest/errors.ts";
import { detectFormat, loadIssueFile, parseIssueSource } from "../../src/ingest/load.ts";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";
import { fixturePath, readFixture, SHANGHAI } from "./fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "paperboy-ingest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const zhText = readFixture("zh-edge-2025-01-09.txt");
const zhIssue = parseNewsletterText(zhText, SHANGHAI);

describe("loading an issue file", () => {
  it("reads a text issue saved with a byte-order mark and Windows line ends as if it were plain", async () => {
    const path = write("windows.txt", `\uFEFF${zhText.replace(/\n/g, "\r\n")}`);
    expect(await loadIssueFile(path, SHANGHAI)).toEqual(zhIssue);
  });

  it("reads a text issue saved as UTF-16 with a byte-order mark (Windows Notepad's 'Unicode')", async () => {
    const path = write(
      "utf16.txt",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(zhText, "utf16le")]),
    );
    expect(await loadIssueFile(path, SHANGHAI)).toEqual(zhIssue);
  });

  it("reads JSON by its extension and by content that opens an object", async () => {
    const json = JSON.stringify(zhIssue);
    expect(await loadIssueFile(write("issue.json", json), SHANGHAI)).toEqual(zhIssue);
    expect(await loadIssueFile(write("issue-json.txt", `\n  ${json}`), SHANGHAI)).toEqual(zhIssue);
  });

  it("applies an explicit date to JSON and text alike", async () => {
    const opts = { ...SHANGHAI, date: "2025-02-01" };
    expect((await loadIssueFile(write("dated.json", JSON.stringify(zhIssue)), opts)).date).toBe("2025-02-01");
    expect((await loadIssueFile(fixturePath("zh-edge-2025-01-09.txt"), opts)).date).toBe("2025-02-01");
  });

  it("refuses a file that is not UTF-8 (a GBK export) instead of importing mojibake", async () => {
    // "电商快报" in GBK.
    const gbk = Buffer.from([0xb5, 0xe7, 0xc9, 0xcc, 0xbf, 0xec, 0xb1, 0xa8, 0xa3, 0xba, 0x0a]);
    const path = write("gbk.txt", gbk);
    const err = await loadIssueFile(path, SHANGHAI).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).message).toBe(
      `${path}: the file is not UTF-8 text (saved as GBK?); save it as UTF-8 and import it again`,
    );
  });

  it("refuses a folder with an IngestError", async () => {
    const err = await loadIssueFile(dir, SHANGHAI).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).message).toMatch(/cannot read the issue file/);
  });
});

describe("choosing the format of text in memory", () => {
  it("is JSON for a .json name or a leading {, text otherwise", () => {
    expect(detectFormat("#Tag# [x] 1. a", "issue.JSON")).toBe("json");
    expect(detectFormat('\uFEFF\r\n {"date":1}')).toBe("json");
    expect(detectFormat(zhText, "issue.txt")).toBe("text");
  });

  it("parses either format through one call", () => {
    expect(parseIssueSource(zhText, SHANGHAI)).toEqual(zhIssue);
    expect(parseIssueSource(JSON.stringify(zhIssue), SHANGHAI)).toEqual(zhIssue);
  });
});

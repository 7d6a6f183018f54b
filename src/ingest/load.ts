import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import type { Issue } from "../domain/issue.ts";
import { IngestError } from "./errors.ts";
import { normalizeText } from "./lines.ts";
import { parseIssueJson } from "./parse-json.ts";
import { parseNewsletterText, type TextParseOptions } from "./parse-text.ts";

export type IssueFormat = "text" | "json";

/** JSON when the name says so or the content opens an object; the newsletter text format otherwise. */
export function detectFormat(text: string, name?: string): IssueFormat {
  if (name && extname(name).toLowerCase() === ".json") return "json";
  return normalizeText(text).trimStart().startsWith("{") ? "json" : "text";
}

/** Parses an issue from text already in memory (e.g. stdin), in either format. */
export function parseIssueSource(text: string, opts: TextParseOptions & { format?: IssueFormat }): Issue {
  const format = opts.format ?? detectFormat(text);
  return format === "json" ? parseIssueJson(text, { date: opts.date }) : parseNewsletterText(text, opts);
}

/**
 * Reads an issue file (UTF-8, or UTF-16 with a BOM as Windows editors save it) and parses it as
 * JSON or newsletter text. Every failure, unreadable file included, is an IngestError whose
 * message starts with the path.
 */
export async function loadIssueFile(path: string, opts: TextParseOptions): Promise<Issue> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String(code ?? cause);
    throw new IngestError(`${path}: cannot read the issue file (${why})`, { file: path, cause });
  }
  const text = decode(bytes, path);
  try {
    return parseIssueSource(text, { ...opts, format: detectFormat(text, path) });
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    throw new IngestError(`${path}: ${err.message}`, {
      ...(err.line === undefined ? {} : { line: err.line }),
      ...(err.field === undefined ? {} : { field: err.field }),
      file: path,
      cause: err,
    });
  }
}

/** Decodes the bytes, refusing text that is not UTF-8 (a GBK file would turn into mojibake). */
function decode(bytes: Buffer, path: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new IngestError(
      `${path}: the file is not UTF-8 text (saved as GBK?); save it as UTF-8 and import it again`,
      { file: path, cause },
    );
  }
}

import { readFile, stat } from "node:fs/promises";
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
export async function loadIssueFile(
  path: string,
  opts: TextParseOptions & { maxBytes?: number },
): Promise<Issue> {
  let bytes: Buffer;
  try {
    // Checked before reading: a runaway export of hundreds of MB must not be read into memory.
    const size = (await stat(path)).size;
    if (opts.maxBytes !== undefined && size > opts.maxBytes) throw new IssueTooLarge(size, opts.maxBytes);
    bytes = await readFile(path);
  } catch (cause) {
    if (cause instanceof IssueTooLarge)
      throw new IngestError(
        `${path}: ${cause.message}; nothing was stored (raise PAPERBOY_MAX_ISSUE_MB if it is really an issue)`,
        { file: path },
      );
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

class IssueTooLarge extends Error {
  constructor(size: number, max: number) {
    super(`the file is ${mb(size)} MB, over the ${mb(max)} MB limit for an issue`);
  }
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(bytes < 1048576 ? 2 : 1);
}

import { Issue } from "../domain/issue.ts";
import { IngestError } from "./errors.ts";
import { detectLanguage } from "./language.ts";
import { normalizeText } from "./lines.ts";
import { describeIssues, formatPath } from "./zod-issues.ts";

export interface JsonParseOptions {
  /** An explicit date (YYYY-MM-DD, e.g. from `--date`) replaces the file's. */
  date?: string | undefined;
}

/**
 * Parses an issue already in JSON (the shape `Issue` describes; defaults are filled in). Syntax
 * errors name the line and column; schema errors name the field (`sections[2].items[0].title`).
 */
export function parseIssueJson(text: string, opts: JsonParseOptions = {}): Issue {
  const json = normalizeText(text);
  const depth = nestingDepth(json);
  if (depth > MAX_JSON_DEPTH)
    throw new IngestError(
      `invalid JSON: nested ${depth} levels deep; an issue needs a handful, the limit is ${MAX_JSON_DEPTH}`,
    );
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (cause) {
    throw syntaxError(json, cause);
  }
  if (data !== null && typeof data === "object" && !Array.isArray(data)) {
    // `"$schema": "…/issue.schema.json"` is for the editor's tools (completion, checks), not the issue.
    const { $schema: _schemaRef, ...record } = data as Record<string, unknown>;
    data = record;
    // A hand-written file may leave the language out; the schema's default (zh) would mislabel English.
    if (record.language === undefined)
      data = { ...record, language: detectLanguage(stringsIn(record).join("\n")) };
    if (opts.date !== undefined) data = { ...(data as object), date: opts.date };
  }
  const parsed = Issue.safeParse(data);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new IngestError(describeIssues(parsed.error.issues), {
    ...(first ? { field: formatPath(first.path) } : {}),
  });
}

/** An issue is 4 levels deep (issue → sections → items → images); anything far deeper is not an issue. */
const MAX_JSON_DEPTH = 64;

/**
 * How deep brackets nest, counted on the text before parsing: the walks after JSON.parse (language
 * guess, schema check) recurse, and a file of 100,000 `[` would overflow the stack in them.
 */
function nestingDepth(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

function syntaxError(json: string, cause: unknown): IngestError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const at = /at position (\d+)/.exec(message);
  const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
  let line: number | undefined;
  let column: number | undefined;
  if (lineCol) {
    line = Number(lineCol[1]);
    column = Number(lineCol[2]);
  } else if (at) {
    const before = json.slice(0, Number(at[1]));
    line = before.split("\n").length;
    column = before.length - before.lastIndexOf("\n");
  } else if (/end of (JSON|data) input/i.test(message)) {
    line = json.split("\n").length;
  }
  const where = line === undefined ? "" : `line ${line}${column === undefined ? "" : `, column ${column}`}: `;
  const what = message
    .replace(/\s*(in JSON )?at position \d+.*$/, "")
    .replace(/\s*\(line \d+ column \d+\)/, "");
  return new IngestError(`${where}invalid JSON: ${what}`, { ...(line === undefined ? {} : { line }), cause });
}

/** Every string value in a JSON value (not the keys), for guessing its language. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === "object")
    for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

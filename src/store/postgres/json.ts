import { StoreError } from "../store.ts";

/** The value as JSON text (dates become strings, undefined goes), or a StoreError saying why not. */
export function toJsonText(value: unknown, what: string): string | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new StoreError(`${what} cannot be stored as JSON: ${(e as Error).message}`);
  }
  return text === undefined ? undefined : withoutNul(text);
}

/**
 * jsonb refuses the NUL character (`\u0000`) that a chat message may carry: it becomes U+FFFD, the
 * replacement character, so the record is stored instead of the whole change failing. An escaped
 * backslash before `u0000` is text, not an escape, and is left alone.
 */
function withoutNul(json: string): string {
  return json.includes("\\u0000") ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd") : json;
}

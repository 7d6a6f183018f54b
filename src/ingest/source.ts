/**
 * Where an item comes from, written at the end of its body: `(Source: X)`, `（来源：X）`, `(来源：X)`,
 * and the typos real issues carry: `Source: X)` with no opening bracket, `(来源：X` with no closing
 * one, `来源：X` with none at all.
 */

const WORD = "(?:sources?|来源|来\\s*源|出处|消息来源)";
const TRAILER = "\\s*[.。;；]?\\s*$";

/** `(Source: X)` with both brackets, or only the opening one (then X runs to the end of the line). */
const BRACKETED = new RegExp(
  `[(（\\[【]\\s*${WORD}\\s*[:：]\\s*([^()（）\\[\\]【】\\n]+?)\\s*[)）\\]】]?${TRAILER}`,
  "i",
);
/**
 * No opening bracket: the word must start the line or follow a space or sentence punctuation, so
 * `收入来源：广告` in running text is not taken for a source.
 */
const UNBRACKETED = new RegExp(
  `(^|[\\s.。!！?？,，;；、”"’'])${WORD}\\s*[:：]\\s*([^()（）\\n]+?)\\s*([)）\\]】]?)${TRAILER}`,
  "i",
);
/** A source without any bracket is short and is not a sentence; longer text is running prose. */
const BARE_SOURCE_MAX = 40;

export interface SourceSplit {
  /** The text with the source and its brackets removed (trimmed). */
  text: string;
  source?: string;
}

/** Takes the source off the end of `text` (the last paragraph of a body, or a title with no body). */
export function splitSource(text: string): SourceSplit {
  const b = BRACKETED.exec(text);
  if (b?.[1]) return done(text.slice(0, b.index), b[1]);
  const u = UNBRACKETED.exec(text);
  if (u?.[2]) {
    const source = u[2];
    const closed = (u[3] ?? "") !== "";
    if (closed || ([...source].length <= BARE_SOURCE_MAX && !/[。!！?？]/.test(source))) {
      return done(text.slice(0, u.index + (u[1] ?? "").length), source);
    }
  }
  return { text };
}

function done(before: string, source: string): SourceSplit {
  const s = source.trim();
  return s ? { text: before.trim(), source: s } : { text: before.trim() };
}

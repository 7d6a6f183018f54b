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
/** How far from the end a source may start (characters); real ones are a few words long. */
const TAIL = 300;

export interface SourceSplit {
  /** The text with the source and its brackets removed (trimmed). */
  text: string;
  source?: string;
}

/** Takes the source off the end of `text` (the last paragraph of a body, or a title with no body). */
export function splitSource(text: string): SourceSplit {
  // Only the end of the text can hold the source; looking at the tail keeps a long paragraph full
  // of "来源：" from costing quadratic time.
  const offset = Math.max(0, text.length - TAIL);
  const tail = text.slice(offset);
  const b = BRACKETED.exec(tail);
  if (b?.[1]) return done(text.slice(0, offset + b.index), b[1]);
  const u = UNBRACKETED.exec(tail);
  if (u?.[2]) {
    const source = u[2];
    const closed = (u[3] ?? "") !== "";
    if (closed || ([...source].length <= BARE_SOURCE_MAX && !/[。!！?？]/.test(source))) {
      return done(text.slice(0, offset + u.index + (u[1] ?? "").length), source);
    }
  }
  return { text };
}

function done(before: string, source: string): SourceSplit {
  const s = source.trim();
  return s ? { text: before.trim(), source: s } : { text: before.trim() };
}

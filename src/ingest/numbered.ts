/**
 * Numbered things in the newsletter: items start with `1.` `1、` `1．` (full-width digits too), and
 * the lead on the title line is a run `1. a; 2. b; 3. c.`.
 */

/**
 * An item line: a number, a separator and its title. A `.` followed by a digit is a decimal
 * (`5.2亿用户…`), not an item, so it is excluded; `、` and `．` never are decimals.
 */
const ITEM = /^([0-9０-９]{1,4})\s*(?:[.．](?![0-9０-９])|、)\s*(.*)$/;

export interface NumberedLine {
  n: number;
  /** The rest of the line after the number; may be empty when the title is on the next line. */
  rest: string;
}

/** Folds full-width digits (０-９) to ASCII and reads the number. */
export function readNumber(digits: string): number {
  return Number.parseInt(digits.normalize("NFKC"), 10);
}

export function matchItemLine(text: string): NumberedLine | undefined {
  const m = ITEM.exec(text);
  if (!m) return undefined;
  return { n: readNumber(m[1] ?? ""), rest: (m[2] ?? "").trim() };
}

/** A number that may open an entry in a run: at the start, or after a separator or a space. */
const RUN_NUMBER = /(^|[;；,，。.\s])([0-9０-９]{1,2})\s*(?:[.．](?![0-9０-９])|、)/g;

/** Punctuation that closes an entry of the lead and is not part of its text. */
const ENTRY_END = /[\s;；,，、.。]+$/;

/**
 * Splits a numbered run into entries. Only numbers that continue the count (1, 2, 3 …, starting at
 * `firstN`, or at a number at the very start, or at 1) split, so `iPhone 8.` or `10.8亿` inside an entry
 * stay where they are. Text without any numbering is one entry.
 */
export function splitNumberedRun(text: string, firstN?: number): { n: number; text: string }[] {
  const cuts: { n: number; start: number; textStart: number }[] = [];
  let expected = firstN;
  for (const m of text.matchAll(RUN_NUMBER)) {
    const n = readNumber(m[2] ?? "");
    const start = (m.index ?? 0) + (m[1] ?? "").length;
    // With no count yet, the run opens at the very start or with a `1`.
    if (expected === undefined ? start === 0 || n === 1 : n === expected) {
      cuts.push({ n, start, textStart: (m.index ?? 0) + m[0].length });
      expected = n + 1;
    }
  }
  if (cuts.length === 0) {
    const whole = text.replace(ENTRY_END, "").trim();
    return whole ? [{ n: firstN ?? 1, text: whole }] : [];
  }
  const entries: { n: number; text: string }[] = [];
  cuts.forEach((cut, i) => {
    const end = cuts[i + 1]?.start ?? text.length;
    const entry = text.slice(cut.textStart, end).replace(ENTRY_END, "").trim();
    if (entry) entries.push({ n: cut.n, text: entry });
  });
  return entries;
}

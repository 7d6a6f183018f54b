import type { Image } from "../domain/issue.ts";

/** Removes a byte-order mark and turns CRLF / lone CR line ends into "\n". */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/**
 * Markdown images: `![alt](src)` or `![alt](src "title")`. The alt text may itself hold brackets
 * (editors paste the title line into it: `![#Tag# [Evening News on May 2]](/upload/img/…)`), so the
 * alt is matched lazily up to the first `](` that opens a well-formed target. The alt is capped at
 * 300 characters so a line full of stray `![` costs linear time, not quadratic.
 */
const IMAGE = /!\[([^\n]{0,300}?)\]\(\s*<?([^\s()<>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;

/** Invisible characters editors' tools leave at line edges (zero-width space, joiners, BOM). */
const INVISIBLE_EDGES = /^[\u200B-\u200D\u2060\uFEFF]+|[\u200B-\u200D\u2060\uFEFF]+$/g;

export interface Line {
  /** 1-based line number in the normalized text. */
  no: number;
  /** The line with its images removed and its edges trimmed (full-width spaces included). */
  text: string;
  /** The images found on the line, in order. */
  images: Image[];
}

/** Splits a line into its text and its images; images may stand alone or sit among the text. */
export function splitImages(raw: string): { text: string; images: Image[] } {
  const images: Image[] = [];
  const text = raw.includes("![")
    ? raw.replace(IMAGE, (_m, alt: string, src: string) => {
        images.push({ src, alt: alt.trim() });
        return " ";
      })
    : raw;
  return { text: cleanEdges(text), images };
}

function cleanEdges(text: string): string {
  // Two passes: invisible characters may hide behind spaces and the other way round.
  return text.trim().replace(INVISIBLE_EDGES, "").trim();
}

/** The normalized text as numbered lines, each split into text and images. */
export function toLines(text: string): Line[] {
  return normalizeText(text)
    .split("\n")
    .map((raw, i) => ({ no: i + 1, ...splitImages(raw) }));
}

/** `YYYY-MM-DD` from an image path such as `/upload/img/20171225/151419.png`, if it carries one. */
export function imagePathDate(src: string): string | undefined {
  const m = /\/upload\/img\/(\d{4})(\d{2})(\d{2})\//.exec(src);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

import type { Image } from "../domain/issue.ts";
import { decodeEntities } from "./entities.ts";

/** Removes a byte-order mark and turns CRLF / lone CR line ends into "\n". */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/**
 * The target of a markdown image, right after the alt's `]`: `(src)` or `(src "title")`. Titles are
 * capped so an unclosed quote cannot make every attempt scan the rest of a long line.
 */
const TARGET = /\(\s*<?([^\s()<>]+)>?(?:\s+(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'))?\s*\)/y;
/** Invisible characters editors' tools leave at line edges (zero-width space, joiners, BOM). */
const INVISIBLE_EDGES = /^[\u200B-\u200D\u2060\uFEFF]+|[\u200B-\u200D\u2060\uFEFF]+$/g;

export interface Line {
  /** 1-based line number in the normalized text. */
  no: number;
  /**
   * The line with its images removed, its HTML character references decoded (`&amp;` → `&`) and
   * its edges trimmed (full-width spaces included).
   */
  text: string;
  /** The images found on the line, in order. */
  images: Image[];
}

/**
 * Splits a line into its text and its images (`![alt](src)`), which may stand alone, sit among
 * the text or follow each other. The alt may itself hold brackets (editors paste the title line
 * into it: `![#Tag# [Evening News on May 2]](/upload/img/…)`), so it runs to the first `](`.
 * One left-to-right pass: a line full of stray `![` costs linear time.
 */
export function splitImages(raw: string): { text: string; images: Image[] } {
  const images: Image[] = [];
  let text = "";
  let copied = 0;
  let close = -1;
  let badClose = -1;
  for (let open = raw.indexOf("!["); open >= 0; open = raw.indexOf("![", open + 2)) {
    if (open < copied) continue;
    if (close < open + 1) close = raw.indexOf("](", open + 1);
    if (close < 0) break;
    // Every `![` before the same `](` shares its target: a bad one is read only once.
    if (close === badClose) continue;
    TARGET.lastIndex = close + 1;
    const target = TARGET.exec(raw);
    if (!target?.[1]) {
      badClose = close;
      continue;
    }
    images.push({ src: target[1], alt: decodeEntities(raw.slice(open + 2, close)).trim() });
    text += `${raw.slice(copied, open)} `;
    copied = TARGET.lastIndex;
  }
  text += raw.slice(copied);
  // References are decoded before the edges are trimmed, so a pasted `&nbsp;` at an edge goes too.
  return { text: cleanEdges(decodeEntities(text)), images };
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

import { type KnownSection, sectionForHeader } from "../domain/sections.ts";
import type { Line } from "./lines.ts";
import { matchItemLine, type NumberedLine } from "./numbered.ts";

/** What a line looks like on its own, before the parser knows where it stands. */
export type LineShape =
  | { kind: "blank" }
  | ({ kind: "item" } & NumberedLine)
  /** A known section header (`电商快报：`, `E-commerce newsletter:`, `【跨境快报】`). */
  | { kind: "header"; title: string; known: KnownSection }
  /** A short line ending in a colon: a header of a section we do not know, if items follow it. */
  | { kind: "maybe-header"; title: string }
  | { kind: "text" };

/** Longest unknown header we accept (characters, without the colon). Headers are a few words. */
const UNKNOWN_HEADER_MAX = 30;

export function shapeOf(line: Line): LineShape {
  const text = line.text;
  if (text === "") return { kind: "blank" };
  const item = matchItemLine(text);
  if (item) return { kind: "item", ...item };
  const colon = /[:：]$/.test(text);
  const bracketed = /^[【[［〔〖].*[】\]］〕〗][:：]?$/.test(text);
  const title = text
    .replace(/[:：]$/, "")
    .replace(/^[【[［〔〖]\s*|\s*[】\]］〕〗]$/g, "")
    .trim();
  if (!title) return { kind: "text" };
  const known = sectionForHeader(title);
  // A bare known header with no colon (`电商快报`) still counts: no body line is just those words.
  if (known) return { kind: "header", title, known };
  if ((colon || bracketed) && [...title].length <= UNKNOWN_HEADER_MAX && !/[。！？!?；;，,]/.test(title)) {
    return { kind: "maybe-header", title };
  }
  return { kind: "text" };
}

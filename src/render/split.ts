/**
 * Splitting a laid-out message into parts that each fit a platform's length limit.
 *
 * Renderers hand over plain text spans (never markup) grouped into lines and groups (items), and
 * turn each resulting part into markup afterwards. Because escaping and tags come after splitting, a
 * cut can never land inside a tag or an entity, and a bold title cut in two simply becomes two bold
 * runs, each with its own opening and closing tag.
 *
 * Preferred cut points, best first: between groups (items), between lines (paragraphs), after a
 * sentence, then between characters (grapheme clusters, so never inside a surrogate pair or an
 * emoji sequence; whitespace preferred).
 */

/** A run of plain text with an optional style the renderer gives meaning to (e.g. `b` becomes `<b>`). */
export interface Span {
  text: string;
  style?: string;
}

/** A line of text (with the separator that goes before it inside its group), or something attached to the text before it. */
export type Entry<A> = { kind: "line"; spans: Span[]; gap: string } | { kind: "attach"; value: A };

/** Entries that belong together (an item); parts preferably start and end at group boundaries. */
export type Group<A> = Entry<A>[];

/** One part: its text spans (separators included, as unstyled spans) and what is attached to that text. */
export interface Piece<A> {
  spans: Span[];
  attachments: A[];
}

export interface SplitOptions {
  /** Longest part, in units of `measure`. */
  limit: number;
  /** Length as the platform counts it. Must be additive: measure(a + b) = measure(a) + measure(b). */
  measure: (text: string) => number;
  /** Separator between groups. */
  groupGap?: string;
  /** Part number put before each part's text when there is more than one text part, e.g. `(1/3)\n`. */
  label?: (i: number, n: number) => string;
}

/** Telegram counts UTF-16 code units (what `String.length` counts). */
export function utf16Length(text: string): number {
  return text.length;
}

/** Code points: an emoji is one, however many UTF-16 units it takes. */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const p = text.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** Splits groups into parts of at most `limit`, numbering the parts when there is more than one. */
export function splitDocument<A>(groups: Group<A>[], opts: SplitOptions): Piece<A>[] {
  const { limit, measure, label } = opts;
  const groupGap = opts.groupGap ?? "\n\n";
  if (!(limit >= 8)) throw new RangeError(`a part limit must be at least 8, got ${limit}`);
  const textParts = (ps: Piece<A>[]) => ps.filter((p) => p.spans.length > 0).length;

  let pieces = pack(groups, limit, measure, groupGap);
  let n = textParts(pieces);
  if (!label || n <= 1) return pieces;

  // Reserve room for the longest label; if the split needs more digits than guessed, split again.
  let reserve = measure(label(n, n));
  for (;;) {
    if (limit - reserve < 8) throw new RangeError(`part labels leave no room under a limit of ${limit}`);
    pieces = pack(groups, limit - reserve, measure, groupGap);
    n = textParts(pieces);
    const need = measure(label(n, n));
    if (need <= reserve) break;
    reserve = need;
  }
  if (n <= 1) return pieces;
  let i = 0;
  for (const p of pieces) if (p.spans.length > 0) p.spans.unshift({ text: label(++i, n) });
  return pieces;
}

function spansText(spans: Span[]): string {
  return spans.map((s) => s.text).join("");
}

/** The spans covering [start, end) of their concatenated text, styles kept. */
export function sliceSpans(spans: Span[], start: number, end: number): Span[] {
  const out: Span[] = [];
  let offset = 0;
  for (const s of spans) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + s.text.length);
    if (from < to) out.push({ ...s, text: s.text.slice(from - offset, to - offset) });
    offset += s.text.length;
  }
  return out;
}

class Packer<A> {
  readonly pieces: Piece<A>[] = [];
  spans: Span[] = [];
  length = 0;
  attachments: A[] = [];

  constructor(
    readonly limit: number,
    readonly measure: (text: string) => number,
  ) {}

  flush(): void {
    if (this.spans.length > 0 || this.attachments.length > 0) {
      this.pieces.push({ spans: this.spans, attachments: this.attachments });
    }
    this.spans = [];
    this.length = 0;
    this.attachments = [];
  }

  /** The separator's length if the part already has text (a part never starts with a separator). */
  gapLength(gap: string): number {
    return this.spans.length > 0 ? this.measure(gap) : 0;
  }

  put(line: Span[], lineLength: number, gap: string): void {
    if (this.spans.length > 0) {
      this.spans.push({ text: gap });
      this.length += this.measure(gap);
    }
    this.spans.push(...line);
    this.length += lineLength;
  }

  placeLine(line: Span[], gap: string): void {
    const flat = spansText(line);
    if (flat.trim() === "") return;
    const lineLength = this.measure(flat);
    if (this.length + this.gapLength(gap) + lineLength <= this.limit) {
      this.put(line, lineLength, gap);
      return;
    }
    if (lineLength <= this.limit) {
      this.flush();
      this.put(line, lineLength, gap);
      return;
    }
    // Longer than a whole part: fill this part, then continue in fresh ones.
    let pos = 0;
    while (pos < flat.length) {
      const room = this.limit - this.length - this.gapLength(gap);
      const rest = this.measure(flat.slice(pos));
      if (rest <= room) {
        this.put(sliceSpans(line, pos, flat.length), rest, gap);
        return;
      }
      let cut = sentenceCut(flat, pos, room, this.measure);
      if (cut <= pos) {
        if (this.spans.length > 0) {
          this.flush();
          continue;
        }
        cut = characterCut(flat, pos, room, this.measure);
      }
      this.put(sliceSpans(line, pos, cut), this.measure(flat.slice(pos, cut)), gap);
      this.flush();
      pos = cut;
      while (pos < flat.length && /\s/.test(flat[pos] ?? "")) pos++;
    }
  }
}

function groupLength<A>(group: Group<A>, measure: (text: string) => number): number {
  let total = 0;
  let first = true;
  for (const e of group) {
    if (e.kind !== "line") continue;
    const text = spansText(e.spans);
    if (text.trim() === "") continue;
    total += measure(text) + (first ? 0 : measure(e.gap));
    first = false;
  }
  return total;
}

function pack<A>(
  groups: Group<A>[],
  limit: number,
  measure: (text: string) => number,
  groupGap: string,
): Piece<A>[] {
  const p = new Packer<A>(limit, measure);
  for (const group of groups) {
    const length = groupLength(group, measure);
    if (length === 0) {
      for (const e of group) if (e.kind === "attach") p.attachments.push(e.value);
      continue;
    }
    // A group that fits a part of its own never straddles two parts.
    if (p.spans.length > 0 && p.length + measure(groupGap) + length > limit && length <= limit) p.flush();
    let placedLine = false;
    const leading: A[] = [];
    for (const e of group) {
      if (e.kind === "attach") {
        (placedLine ? p.attachments : leading).push(e.value);
        continue;
      }
      if (spansText(e.spans).trim() === "") continue;
      p.placeLine(e.spans, placedLine ? e.gap : groupGap);
      if (!placedLine) {
        // Attachments written before the group's first line go with the part holding that line.
        p.attachments.push(...leading);
        placedLine = true;
      }
    }
  }
  p.flush();
  return p.pieces;
}

/**
 * Ends of sentences: Chinese and Western end punctuation (a period only when followed by a space or
 * the end, so `3.5` and `example.com` stay whole, and not the one after an item number such as `1. `),
 * with any closing quotes and the space after them.
 */
const SENTENCE_END =
  /(?:[。！？!?；;…]+|(?<!^\s*\d{1,4})\.+(?=[”’"'」』）)\]]*(?:\s|$)))[”’"'」』）)\]]*\s*/g;

/** The farthest sentence end after `pos` whose text from `pos` measures at most `room`; `pos` if none. */
function sentenceCut(text: string, pos: number, room: number, measure: (t: string) => number): number {
  if (room <= 0) return pos;
  const re = new RegExp(SENTENCE_END.source, "g");
  re.lastIndex = pos;
  let best = pos;
  let prev = pos;
  let used = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    used += measure(text.slice(prev, end));
    prev = end;
    if (used > room) break;
    best = end;
  }
  return best;
}

/** Made at the first cut, not at load: the first Intl.Segmenter loads ICU's break data (~50 ms of every start). */
let graphemeSegmenter: Intl.Segmenter | undefined;
function graphemes(): Intl.Segmenter {
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return graphemeSegmenter;
}

/** How far either side of a cut to look for grapheme clusters (far longer than any real emoji sequence). */
const CLUSTER_REACH = 64;

/**
 * The farthest place after `pos` within `room` that is a grapheme boundary, moved back to a space
 * when one is close (so English words stay whole). Walks code points (cheap), then only segments
 * the few characters around the cut into graphemes, so a flag or an emoji family is never halved.
 */
function characterCut(text: string, pos: number, room: number, measure: (t: string) => number): number {
  let used = 0;
  let cut = pos;
  while (cut < text.length) {
    const size = (text.codePointAt(cut) ?? 0) > 0xffff ? 2 : 1;
    const w = measure(text.slice(cut, cut + size));
    if (used + w > room) break;
    used += w;
    cut += size;
  }
  // Only a limit below one code point could get here; overshoot rather than loop forever.
  if (cut === pos) return pos + ((text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1);
  if (cut < text.length && !plainBoundary(text, cut)) cut = graphemeBoundaryAtOrBefore(text, pos, cut);
  for (let i = cut - 1; i > pos && cut - i < (cut - pos) / 5; i--) {
    if (/\s/.test(text[i] ?? "")) return i + 1;
  }
  return cut;
}

/**
 * Characters that always stand alone as a grapheme (Han, printable ASCII, CJK and full-width
 * punctuation, leaving out the half-width sound marks U+FF9E–FF9F, which join the character before).
 */
const SIMPLE = /^[\p{Script=Han}\x20-\x7e\u3000-\u303f\uff01-\uff9d]$/u;

/** True when both sides of `at` are simple characters, so `at` is a grapheme boundary without asking ICU. */
function plainBoundary(text: string, at: number): boolean {
  const before = String.fromCodePoint(
    text.codePointAt(at - 1 - (/[\udc00-\udfff]/.test(text[at - 1] ?? "") ? 1 : 0)) ?? 0,
  );
  const after = String.fromCodePoint(text.codePointAt(at) ?? 0);
  return SIMPLE.test(before) && SIMPLE.test(after);
}

/** The last grapheme boundary in (pos, cut]; `cut` itself (a code point boundary) if a cluster is longer than our reach. */
function graphemeBoundaryAtOrBefore(text: string, pos: number, cut: number): number {
  const from = Math.max(pos, cut - CLUSTER_REACH);
  let best = -1;
  for (const { index } of graphemes().segment(text.slice(from, Math.min(text.length, cut + CLUSTER_REACH)))) {
    if (from + index > cut) break;
    best = from + index;
  }
  // `from` is a real boundary only when it is `pos`; anything else there is a guess.
  if (best > pos && (best > from || from === pos)) return best;
  return cut;
}

import type { z } from "zod";
import { type Image, Issue, type IssueInput, type Item, type Section } from "../domain/issue.ts";
import { slugForHeader } from "../domain/sections.ts";
import { opensSection, Sublist } from "./body-lists.ts";
import { type LineShape, shapeOf } from "./classify.ts";
import { inferIssueDate } from "./date.ts";
import type { DraftItem, DraftSection } from "./draft.ts";
import { IngestError, quoteInput } from "./errors.ts";
import { footerStart } from "./footer.ts";
import { detectLanguage } from "./language.ts";
import { Lead } from "./lead.ts";
import { imagePathDate, type Line, toLines } from "./lines.ts";
import { matchItemLine } from "./numbered.ts";
import { splitSource } from "./source.ts";
import { parseTitleLine, TITLE_LINE_SHAPE } from "./title.ts";
import { describeIssue, formatPath } from "./zod-issues.ts";

export interface TextParseOptions {
  /** The issue's date (YYYY-MM-DD); wins over image paths and the title. */
  date?: string | undefined;
  /** The publisher's IANA timezone, for a date taken from the title (or today). */
  tz: string;
  /** "Now", for the year of a title date; tests pin it. */
  now?: Date | undefined;
}

const HEADER_EXAMPLE = '"电商快报：" or "E-commerce newsletter:"';

/**
 * Parses an issue written in the newsletter text format (see design.md), English or Chinese.
 * Throws only IngestError, naming the line.
 */
export function parseNewsletterText(text: string, opts: TextParseOptions): Issue {
  const lines = toLines(text);
  const shapes = lines.map(shapeOf);
  // A cover image may come before the title line; it belongs to the issue like the lead's images.
  const titleAt = lines.findIndex((l) => l.text !== "");
  const titleLine = lines[titleAt];
  if (!titleLine)
    throw new IngestError(`line 1: the issue is empty; expected the title line ${TITLE_LINE_SHAPE}`, {
      line: 1,
    });
  const head = parseTitleLine(titleLine.text, titleLine.no);

  const issueImages: Image[] = lines.slice(0, titleAt + 1).flatMap((l) => l.images);
  const lead = new Lead(head.lead);
  const sections: DraftSection[] = [];
  const footer: string[] = [];
  const footerAt = footerStart(lines, shapes, titleAt);
  let section: DraftSection | undefined;
  let item: DraftItem | undefined;
  const sublist = new Sublist();

  const startSection = (line: Line, title: string, key: string, isView: boolean) => {
    const twin = sections.find((s) => s.key === key);
    if (twin) {
      throw new IngestError(
        `line ${line.no}: a second section with key "${key}" (${quoteInput(title)}); the first one starts on line ${twin.line}: merge them or rename one`,
        { line: line.no },
      );
    }
    section = { key, title, line: line.no, isView, items: [], body: [], images: [] };
    sections.push(section);
    item = undefined;
    sublist.end();
  };

  for (let i = titleAt + 1; i < lines.length; i++) {
    const line = lines[i] as Line;
    const shape = shapes[i] as LineShape;
    if (footerAt !== undefined && i >= footerAt) {
      if (line.text) footer.push(line.text);
      (section ?? { images: issueImages }).images.push(...line.images);
      continue;
    }
    if (shape.kind === "header") {
      startSection(line, shape.title, shape.known.key, shape.known.key === "view");
      if (shape.rest !== undefined && section) item = takeInlineRest(section, line, shape.rest);
    } else if (shape.kind === "blank") {
      // Nothing but images, if anything: they attach below. A gap ends a wrapped lead line.
      if (!section) lead.take(line, shape);
    } else if (section?.isView) {
      // The editorial is running text: numbers and colons in it are the writer's, not structure.
      section.body.push(line.text);
    } else if (shape.kind === "maybe-header" && nextIsItem(shapes, i) && opensSection(shape.title, item)) {
      startSection(line, shape.title, slugForHeader(shape.title), false);
    } else if (shape.kind === "item" && section && item && sublist.continues(item, shape.n)) {
      item.body.push(line.text);
    } else if (shape.kind === "item" && section) {
      item = { n: shape.n, line: line.no, title: shape.rest, body: [], images: [] };
      section.items.push(item);
    } else if (!section) {
      if (!lead.take(line, shape)) throw beforeFirstSection(line, shape);
    } else if (item) {
      sublist.end();
      if (item.title) item.body.push(line.text);
      else item.title = line.text;
    } else {
      section.body.push(line.text);
    }
    const owner: { images: Image[] } = item ?? section ?? { images: issueImages };
    owner.images.push(...line.images);
  }

  const lastLine = lines.findLast((l) => l.text !== "" || l.images.length > 0)?.no ?? 1;
  if (sections.length === 0) {
    throw new IngestError(
      `line ${lastLine}: the issue has no sections; expected a header such as ${HEADER_EXAMPLE} followed by numbered items`,
      { line: lastLine },
    );
  }
  const firstImage = lines.flatMap((l) =>
    l.images.map((img) => ({ date: imagePathDate(img.src), line: l.no })),
  );
  const imageClue = firstImage.find((c) => c.date !== undefined) as
    | { date: string; line: number }
    | undefined;
  const date = inferIssueDate({
    explicit: opts.date,
    image: imageClue,
    title: head.title,
    titleLine: titleLine.no,
    tz: opts.tz,
    now: opts.now,
  });

  const finished = sections.map(finishSection);
  const headlines = lead.headlines;
  const fromLeadSection = finished.find((s) => s.key === "headlines");
  if (headlines.length === 0 && fromLeadSection) {
    for (const it of fromLeadSection.items ?? []) headlines.push({ n: it.n, text: it.title });
  }
  const input: IssueInput = {
    date,
    edition: head.edition,
    title: head.title,
    ...(head.hashtag ? { hashtag: head.hashtag } : {}),
    language: detectLanguage(lines.map((l) => l.text).join("\n")),
    headlines,
    images: issueImages,
    sections: finished,
    footer,
  };
  return validate(input, titleLine.no, sections);
}

/** Text after a header on its own line: the editorial's first words, a first item, or an introduction. */
function takeInlineRest(section: DraftSection, line: Line, rest: string): DraftItem | undefined {
  const numbered = section.isView ? undefined : matchItemLine(rest);
  if (!numbered) {
    section.body.push(rest);
    return undefined;
  }
  const item = { n: numbered.n, line: line.no, title: numbered.rest, body: [], images: [] };
  section.items.push(item);
  return item;
}

/** Whether the next line with text starts an item (so a short colon line before it is a header). */
function nextIsItem(shapes: LineShape[], i: number): boolean {
  for (let j = i + 1; j < shapes.length; j++) {
    const s = shapes[j] as LineShape;
    if (s.kind !== "blank") return s.kind === "item";
  }
  return false;
}

/** What a line before the first section that does not continue the lead is taken for. */
function beforeFirstSection(line: Line, shape: LineShape): IngestError {
  const message =
    shape.kind === "item"
      ? `item ${quoteInput(line.text)} comes before any section header; put a header such as ${HEADER_EXAMPLE} above it`
      : `expected a section header such as ${HEADER_EXAMPLE} before this text, got ${quoteInput(line.text)}`;
  return new IngestError(`line ${line.no}: ${message}`, { line: line.no });
}

function finishSection(s: DraftSection): z.input<typeof Section> {
  if (s.isView) {
    if (s.body.length === 0) {
      throw new IngestError(`line ${s.line}: the section ${quoteInput(s.title)} has no text`, {
        line: s.line,
      });
    }
    return { key: s.key, title: s.title, items: [], body: s.body.join("\n"), images: s.images };
  }
  if (s.items.length === 0) {
    throw new IngestError(
      `line ${s.line}: the section ${quoteInput(s.title)} has no items; expected lines such as "1. title" after it`,
      { line: s.line },
    );
  }
  return {
    key: s.key,
    title: s.title,
    items: s.items.map(finishItem),
    ...(s.body.length > 0 ? { body: s.body.join("\n") } : {}),
    images: s.images,
  };
}

function finishItem(it: DraftItem): z.input<typeof Item> {
  if (!it.title) throw new IngestError(`line ${it.line}: item ${it.n} has no title`, { line: it.line });
  let title = it.title;
  const body = [...it.body];
  let source: string | undefined;
  const last = body[body.length - 1];
  if (last !== undefined) {
    const split = splitSource(last);
    source = split.source;
    if (split.text) body[body.length - 1] = split.text;
    else body.pop();
  } else {
    // An item that is only a title may carry its source on the title line.
    const split = splitSource(title);
    if (split.source && split.text) {
      title = split.text;
      source = split.source;
    }
  }
  return { n: it.n, title, body: body.join("\n"), ...(source ? { source } : {}), images: it.images };
}

/** Runs the schema; a failure names the line of the section or item the field belongs to. */
function validate(input: IssueInput, titleLine: number, drafts: DraftSection[]): Issue {
  const parsed = Issue.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const path = first?.path ?? [];
  let line = titleLine;
  if (path[0] === "sections" && typeof path[1] === "number") {
    const s = drafts[path[1]];
    line = s?.line ?? line;
    if (path[2] === "items" && typeof path[3] === "number") line = s?.items[path[3]]?.line ?? line;
  }
  const message = first ? describeIssue(first) : "the issue does not match the schema";
  throw new IngestError(`line ${line}: ${message}`, { line, field: formatPath(path) });
}

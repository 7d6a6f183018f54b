import type { Block } from "../core/ports/index.ts";
import type { Group, Span } from "./split.ts";

/** A block with its text tidied: single-line kinds have no line breaks, nothing is padded. */
export type TextBlock = Exclude<Block, { kind: "break" }>;

/** What a renderer makes of one block: lines of styled text, or something to attach (an image part). */
export type BlockOutput<A> = { lines: Span[][] } | { attach: A };

/** What a renderer may want to know about where a block sits. */
export interface BlockContext {
  /** The current item's title as readers see it (`3. 标题`), for image captions. */
  itemTitle?: string;
}

export type BlockFormatter<A> = (block: TextBlock, ctx: BlockContext) => BlockOutput<A>;

/** Blocks of one family sit on consecutive lines; a change of family (or a heading) gets a blank line. */
function family(kind: TextBlock["kind"]): string {
  switch (kind) {
    case "title":
    case "paragraph":
    case "source":
      return "prose";
    default:
      return kind;
  }
}

/**
 * A lone surrogate (from a bad import or a cut made elsewhere) is not valid UTF-8, and platforms
 * refuse the whole message for it: show U+FFFD instead.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function clean(text: string): string {
  return text.replace(LONE_SURROGATE, "\ufffd");
}

function oneLine(text: string): string {
  return clean(text)
    .replace(/\s*[\r\n]+\s*/g, " ")
    .trim();
}

function lines(text: string): string[] {
  return clean(text)
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/**
 * Tidies a block's text, splitting multi-line paragraphs and notes into one block per line. Returns
 * nothing for a block with no visible text.
 */
function tidy(block: TextBlock): TextBlock[] {
  switch (block.kind) {
    case "paragraph":
    case "note":
      return lines(block.text).map((text) => ({ ...block, text }));
    case "list": {
      const items = block.items.map(oneLine).filter((t) => t !== "");
      return items.length ? [{ ...block, items }] : [];
    }
    case "image":
      return block.src.trim() ? [block] : [];
    case "command": {
      const text = oneLine(block.text);
      if (!text) return [];
      const description = block.description === undefined ? undefined : oneLine(block.description);
      return [description ? { ...block, text, description } : { kind: "command", text }];
    }
    default: {
      const text = oneLine(block.text);
      return text ? [{ ...block, text }] : [];
    }
  }
}

/**
 * Lays blocks out as groups for the splitter: a `break` ends a group (an item), a heading is
 * separated from what follows by a blank line, and so is any change between prose, lists, commands
 * and notes.
 */
export function layoutBlocks<A>(blocks: Block[], format: BlockFormatter<A>): Group<A>[] {
  const groups: Group<A>[] = [];
  let group: Group<A> = [];
  let prevFamily: string | undefined;
  const ctx: BlockContext = {};
  const endGroup = () => {
    if (group.length) groups.push(group);
    group = [];
    prevFamily = undefined;
    ctx.itemTitle = undefined;
  };

  for (const raw of blocks) {
    if (raw.kind === "break") {
      endGroup();
      continue;
    }
    for (const block of tidy(raw)) {
      if (block.kind === "heading") ctx.itemTitle = undefined;
      if (block.kind === "title")
        ctx.itemTitle = block.n === undefined ? block.text : `${block.n}. ${block.text}`;
      const out = format(block, ctx) as BlockOutput<A> | undefined;
      if (!out) continue; // a block kind this renderer does not know: skip it rather than fail the reply
      if ("attach" in out) {
        group.push({ kind: "attach", value: out.attach });
        continue;
      }
      const fam = family(block.kind);
      const blank =
        prevFamily !== undefined && (fam === "heading" || prevFamily === "heading" || fam !== prevFamily);
      out.lines.forEach((spans, i) => {
        group.push({ kind: "line", spans, gap: i === 0 && blank ? "\n\n" : "\n" });
      });
      if (out.lines.length) prevFamily = fam;
    }
  }
  endGroup();
  return groups;
}

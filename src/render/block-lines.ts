import type { TextBlock } from "./layout.ts";
import type { Span } from "./split.ts";

/**
 * The lines every renderer writes the same way, whatever its markup: an item's number before its
 * title, a list's `1.` or `•`, a command followed by its description. Styles are the renderer's.
 */

/** `3. Title`, or the title alone when the item has no number. */
export function numberedTitle(block: Extract<TextBlock, { kind: "title" }>): string {
  return block.n === undefined ? block.text : `${block.n}. ${block.text}`;
}

/** One line per item: `1. …` in an ordered list, `• …` otherwise. */
export function listLines(block: Extract<TextBlock, { kind: "list" }>): Span[][] {
  return block.items.map((t, i) => [{ text: block.ordered ? `${i + 1}. ${t}` : `• ${t}` }]);
}

/** The command in `style` (code where the markup has it), then ` — description`. */
export function commandLine(block: Extract<TextBlock, { kind: "command" }>, style?: string): Span[] {
  const line: Span[] = [style ? { text: block.text, style } : { text: block.text }];
  if (block.description) line.push({ text: ` — ${block.description}` });
  return line;
}

/**
 * Numbered lists inside an item's body look like the start of a new item, and the colon line that
 * introduces them looks like an unknown section header. These rules tell them apart.
 */
import type { DraftItem } from "./draft.ts";
import { splitSource } from "./source.ts";

/** Words that end a section header (`品牌观察`, `Brand news`), unlike a colon line in a body (`具体如下`). */
const HEADER_WORDS =
  /(?:快报|新闻|资讯|动态|观察|专栏|速递|热点|要闻|周刊|日报|简报|精选|聚焦|news|newsletter|updates?|briefs?|roundup|digest|watch)$/i;

/**
 * Whether a short colon line followed by an item opens a section of its own. Inside an item it
 * might just as well introduce a list in the body (`具体修订如下：` / `1、…`), so there it must
 * either read like a header or follow an item that ended with its source.
 */
export function opensSection(title: string, current: DraftItem | undefined): boolean {
  if (!current) return true;
  if (HEADER_WORDS.test(title.normalize("NFKC"))) return true;
  const last = current.body[current.body.length - 1] ?? current.title;
  return splitSource(last).source !== undefined;
}

/**
 * A numbered list inside an item's body: `如下：` then `1、…`, `2、…`. A `1` right after a line
 * ending in a colon starts one, and each next number continues it, until a line of plain text.
 */
export class Sublist {
  private n: number | undefined;

  continues(item: DraftItem, n: number): boolean {
    if (this.n !== undefined && n === this.n + 1) {
      this.n = n;
      return true;
    }
    const last = item.body[item.body.length - 1];
    if (n === 1 && last !== undefined && /[:：]$/.test(last)) {
      this.n = 1;
      return true;
    }
    this.n = undefined;
    return false;
  }

  end(): void {
    this.n = undefined;
  }
}

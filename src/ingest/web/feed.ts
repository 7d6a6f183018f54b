import { XMLParser } from "fast-xml-parser";

/** The entry of a feed the bot takes the issue from: its link, and its full text when the feed carries it. */
export interface FeedEntry {
  link?: string;
  title?: string;
  /** HTML of the whole article (`content:encoded`, Atom `content`), when present. */
  content?: string;
  published?: string;
}

/** Whether a fetched document is an RSS or Atom feed rather than a web page. */
export function looksLikeFeed(contentType: string | undefined, text: string): boolean {
  if (/(rss|atom)\+xml/i.test(contentType ?? "")) return true;
  const start = text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 512);
  if (/^<!doctype html|^<html/i.test(start)) return false;
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)\b/i.test(start);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  // Entities are left to the HTML step; expanding them here would open the door to entity bombs.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === "item" || name === "entry" || name === "link",
});

type Node = Record<string, unknown>;

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() || undefined;
  if (typeof v === "number") return String(v);
  if (v && typeof v === "object" && "#text" in v) return text((v as Node)["#text"]);
  return undefined;
}

function atomLink(links: unknown): string | undefined {
  const list = Array.isArray(links) ? (links as Node[]) : [];
  const alternate = list.find((l) => !l["@rel"] || l["@rel"] === "alternate") ?? list[0];
  return alternate ? (text(alternate["@href"]) ?? text(alternate)) : undefined;
}

function time(entry: FeedEntry): number {
  const t = entry.published ? Date.parse(entry.published) : Number.NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/**
 * The newest entry of an RSS 2.0, RSS 1.0 or Atom feed: the latest by its date, else the first
 * listed (feeds list newest first). Undefined when the document holds no entry at all.
 */
export function newestEntry(xml: string): FeedEntry | undefined {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch {
    return undefined;
  }
  const rss = (doc.rss as Node | undefined)?.channel as Node | undefined;
  const rdf = doc["rdf:RDF"] as Node | undefined;
  const atom = doc.feed as Node | undefined;
  let entries: FeedEntry[] = [];
  const rssItems = (rss?.item ?? rdf?.item) as Node[] | undefined;
  if (rssItems) {
    entries = rssItems.map((i) => ({
      link: text((i.link as unknown[] | undefined)?.[0]) ?? text(i.guid),
      title: text(i.title),
      content: text(i["content:encoded"]),
      published: text(i.pubDate) ?? text(i["dc:date"]),
    }));
  } else if (atom?.entry) {
    entries = (atom.entry as Node[]).map((e) => ({
      link: atomLink(e.link),
      title: text(e.title),
      content: text(e.content),
      published: text(e.published) ?? text(e.updated),
    }));
  }
  if (entries.length === 0) return undefined;
  return entries.reduce((best, e) => (time(e) > time(best) ? e : best));
}

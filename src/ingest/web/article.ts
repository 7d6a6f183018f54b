import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

/** The main content of a web page, as the lines of the newsletter text format. */
export interface ArticleText {
  /** Newsletter text: one paragraph a line, each image as `![alt](absolute URL)` on its own line. */
  text: string;
  title?: string;
  /** When the page says it was published (meta tags, JSON-LD, `<time datetime>`), as written. */
  published?: string;
}

/** Elements that end a line of text: paragraphs, headings, list items, table rows, breaks. */
const BLOCKS = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "BR",
  "DD",
  "DIV",
  "DL",
  "DT",
  "FIGCAPTION",
  "FIGURE",
  "FOOTER",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HR",
  "LI",
  "MAIN",
  "OL",
  "P",
  "PRE",
  "SECTION",
  "TABLE",
  "TR",
  "UL",
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

/** An image's address on the site: lazy-loading attributes first (the `src` is then a placeholder). */
function imageSrc(el: DomNode, base: string): string | undefined {
  const raw = ["data-original", "data-src", "src"].map((a) => el.getAttribute?.(a)?.trim()).find(Boolean);
  if (!raw || raw.startsWith("data:")) return undefined;
  try {
    return new URL(raw, base).toString();
  } catch {
    return undefined;
  }
}

/** Walks the content in document order, so paragraphs and images keep the order the editor gave them. */
function toLines(root: DomNode, base: string): string[] {
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    const line = current.replace(/[ \t\r\n\f\v\u00a0]+/g, " ").trim();
    if (line) lines.push(line);
    current = "";
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      current += node.textContent ?? "";
      return;
    }
    if (node.nodeType !== 1) return;
    const name = node.nodeName.toUpperCase();
    if (name === "SCRIPT" || name === "STYLE" || name === "NOSCRIPT" || name === "TEMPLATE") return;
    if (name === "IMG") {
      const src = imageSrc(node, base);
      if (!src) return;
      flush();
      const alt = (node.getAttribute?.("alt") ?? "").replace(/[[\]\n]/g, " ").trim();
      lines.push(`![${alt}](${src})`);
      return;
    }
    const block = BLOCKS.has(name);
    if (block) flush();
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return lines;
}

/** A `<time datetime>` or a date meta tag, for pages Readability finds no date on. */
type PageDocument = ReturnType<typeof parseHTML>["document"];

function pageDate(document: PageDocument): string | undefined {
  const meta = document.querySelector(
    'meta[property="article:published_time"], meta[name="pubdate"], meta[name="publishdate"], meta[itemprop="datePublished"], meta[name="date"]',
  );
  const fromMeta = meta?.getAttribute("content")?.trim();
  if (fromMeta) return fromMeta;
  return document.querySelector("time[datetime]")?.getAttribute("datetime")?.trim() || undefined;
}

/**
 * The article of a page without the site around it (navigation, sidebars, copyright lines), via
 * Mozilla's Readability (the engine of Firefox's reader view) on a linkedom document: both are
 * well kept and need no browser. Undefined when the page has no main content to speak of.
 */
export function extractArticle(html: string, pageUrl: string): ArticleText | undefined {
  const { document } = parseHTML(html);
  const published = pageDate(document);
  // A fragment (a feed's content:encoded) has no page around it to strip: take it whole.
  const isFragment = !/<(html|body)\b/i.test(html.slice(0, 2048));
  let content: DomNode | undefined;
  let title: string | undefined;
  let readabilityDate: string | undefined;
  if (isFragment) {
    content = document as unknown as DomNode;
  } else {
    // Readability changes the document it reads: give it its own copy.
    const article = new Readability(parseHTML(html).document as never, {
      charThreshold: 100,
    }).parse();
    if (!article?.content) return undefined;
    content = parseHTML(`<html><body>${article.content}</body></html>`).document.body as unknown as DomNode;
    title = article.title ?? undefined;
    readabilityDate = article.publishedTime ?? undefined;
  }
  const lines = toLines(content, pageUrl);
  if (lines.length === 0) return undefined;
  return { text: lines.join("\n"), title, published: readabilityDate ?? published };
}

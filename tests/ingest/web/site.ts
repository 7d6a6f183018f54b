import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, "../../fixtures/web", name), "utf8");

/** The day's placeholders of the fixtures: `{{MONTH}}月{{DAY}}日`, image folders, feed dates. */
export function fill(template: string, date: string, base: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const prev = new Date(Date.UTC(y, m - 1, d - 1));
  const at = new Date(`${date}T11:30:00Z`);
  return template
    .replaceAll("{{DATE}}", date)
    .replaceAll("{{YMD}}", date.replaceAll("-", ""))
    .replaceAll("{{MONTH}}", String(m))
    .replaceAll("{{DAY}}", String(d))
    .replaceAll("{{PREV_MONTH}}", String(prev.getUTCMonth() + 1))
    .replaceAll("{{PREV_DAY}}", String(prev.getUTCDate()))
    .replaceAll("{{PREV_RFC}}", new Date(at.getTime() - 86_400_000).toUTCString())
    .replaceAll("{{RFC}}", at.toUTCString())
    .replaceAll("{{BASE}}", base);
}

export interface PublisherSite {
  base: string;
  /** Requests per path, with the conditional headers they carried. */
  hits: Array<{ path: string; ifNoneMatch?: string; ifModifiedSince?: string }>;
  hitsOf(p: string): number;
  /** Replaces text in today's article (a typo fixed on the site); the article's ETag changes. */
  editArticle(from: string, to: string): void;
  stop(): Promise<void>;
}

/**
 * The publisher's website on 127.0.0.1: a feed whose newest entry links to a GBK article page with
 * the site's navigation, sidebar and copyright around it (ETag + Last-Modified, 304 when unchanged),
 * yesterday's entry, a page that is not an issue, a 500 and a server that never answers.
 */
export async function startPublisherSite(date: string): Promise<PublisherSite> {
  const hits: PublisherSite["hits"] = [];
  let base = "";
  let article = "";
  let version = 1;
  const lastModified = new Date(`${date}T11:30:00Z`).toUTCString();
  const server = http.createServer((req, res) => {
    const p = (req.url ?? "/").split("?")[0] as string;
    const ifNoneMatch = req.headers["if-none-match"];
    hits.push({ path: p, ifNoneMatch, ifModifiedSince: req.headers["if-modified-since"] });
    const etag = `"article-v${version}"`;
    switch (p) {
      case "/feed.xml":
        res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
        return res.end(fill(fixture("feed.xml"), date, base));
      case "/news/today.html":
        if (ifNoneMatch === etag) {
          res.writeHead(304, { etag });
          return res.end();
        }
        // Charset only in the page's own <meta>, as many old Chinese sites do.
        res.writeHead(200, { "content-type": "text/html", etag, "last-modified": lastModified });
        return res.end(iconv.encode(article, "gbk"));
      case "/news/old.html":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end("<html><body><p>昨天的快报</p></body></html>");
      case "/about.html":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(fixture("not-an-issue.html"));
      case "/broken":
        res.writeHead(500, { "content-type": "text/plain" });
        return res.end("internal error");
      case "/slow":
        return; // never answers: the fetch gives up by its own deadline
      default:
        res.writeHead(404);
        return res.end("not found");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  article = fill(fixture("article.html"), date, base);
  return {
    base,
    hits,
    hitsOf: (p) => hits.filter((h) => h.path === p).length,
    editArticle(from, to) {
      if (!article.includes(from)) throw new Error(`the article has no ${from}`);
      article = article.replaceAll(from, to);
      version++;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

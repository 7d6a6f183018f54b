import type { Issue } from "../../domain/issue.ts";
import { todayIn } from "../../domain/today.ts";
import { IngestError } from "../errors.ts";
import { parseNewsletterText } from "../parse-text.ts";
import { extractArticle } from "./article.ts";

export interface PageParseOptions {
  tz: string;
  /** The issue's date when the caller knows it (`paperboy fetch --date`); wins over the article's. */
  date?: string | undefined;
  now?: Date | undefined;
}

/** The calendar day a published-time string names, in the publisher's timezone. */
export function publishedDate(published: string | undefined, tz: string): string | undefined {
  if (!published) return undefined;
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(published.trim());
  if (plain) return plain[0];
  const t = Date.parse(published);
  return Number.isNaN(t) ? undefined : todayIn(tz, new Date(t));
}

/**
 * Turns an article page (or a feed entry's HTML) into an issue with the text format's own parser
 * and rules: the main content becomes newsletter text, images keep their place as absolute URLs on
 * the site, and the date is the article's, else what the text format infers. Throws IngestError
 * naming the page when there is no article or it does not read as an issue.
 */
export function parseIssuePage(html: string, url: string, opts: PageParseOptions): Issue {
  const article = extractArticle(html, url);
  if (!article)
    throw new IngestError(`${url}: the page has no article to read (no main content found)`, { file: url });
  const date = opts.date ?? publishedDate(article.published, opts.tz);
  const parse = (text: string) => parseNewsletterText(text, { tz: opts.tz, date, now: opts.now });
  try {
    return parse(article.text);
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    // Some sites put the issue's title line in the page heading, which Readability takes out of
    // the content as the article's title: give it back and try once more.
    if (article.title && err.line !== undefined && err.line <= 1) {
      try {
        return parse(`${article.title}\n${article.text}`);
      } catch {
        // The first error says more about the page than the second.
      }
    }
    throw new IngestError(`${url}: the article is not an issue: ${err.message}`, {
      file: url,
      ...(err.line === undefined ? {} : { line: err.line }),
      cause: err,
    });
  }
}

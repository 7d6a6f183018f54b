import pRetry, { AbortError } from "p-retry";
import type { Issue } from "../../domain/issue.ts";
import { FetchRefused, type GuardedResponse, guardedFetch } from "../../net/index.ts";
import { IngestError } from "../errors.ts";
import { decodeBody } from "./charset.ts";
import { looksLikeFeed, newestEntry } from "./feed.ts";
import { parseIssuePage } from "./parse-page.ts";

/** What a server said about a document last time, so the next fetch can ask "changed since?". */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface SourceFetchOptions {
  tz: string;
  /** The validators remembered per URL (the store keeps them between runs). */
  validators?: Record<string, Validators>;
  /** The publisher's own configured URL: its host may be loopback/private (everything else may not). */
  trustedUrl?: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** Retries of a 5xx, 429, timeout or network failure, with exponential backoff from `retryMinMs`. */
  retries?: number;
  retryMinMs?: number;
  date?: string;
  now?: Date;
}

export type SourceFetchResult =
  | { status: "unchanged"; url: string }
  | {
      status: "fetched";
      issue: Issue;
      /** The article the issue came from (the feed entry's link, or the page itself). */
      articleUrl: string;
      /** The validators to remember once the issue is stored (not before: a failed import is fetched again). */
      validators: Record<string, Validators>;
    };

/** The source could not be fetched (refused address, HTTP error, timeout): nothing was parsed. */
export class SourceFetchError extends Error {
  override readonly name = "SourceFetchError";
}

function hostOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    return [u.port ? `${u.hostname}:${u.port}` : u.hostname];
  } catch {
    return [];
  }
}

function header(res: GuardedResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** One conditional GET with retries; 304 and 2xx come back, any other answer is an error. */
async function get(url: string, opts: SourceFetchOptions): Promise<GuardedResponse> {
  const known = opts.validators?.[url];
  const headers: Record<string, string> = {
    accept: "application/rss+xml, application/atom+xml, text/html;q=0.9, */*;q=0.5",
  };
  if (known?.etag) headers["if-none-match"] = known.etag;
  if (known?.lastModified) headers["if-modified-since"] = known.lastModified;
  return pRetry(
    async () => {
      let res: GuardedResponse;
      try {
        res = await guardedFetch(url, {
          allowHosts: "any",
          trustPrivateHosts: hostOf(opts.trustedUrl),
          timeoutMs: opts.timeoutMs,
          maxBytes: opts.maxBytes,
          headers,
        });
      } catch (err) {
        if (err instanceof FetchRefused && (err.reason === "timeout" || err.reason === "network"))
          throw new SourceFetchError(err.message);
        // A refused address, a bad URL or a page over the size cap: trying again changes nothing.
        throw new AbortError(new SourceFetchError(err instanceof Error ? err.message : String(err)));
      }
      if (res.status === 304 || (res.status >= 200 && res.status < 300)) return res;
      const why = new SourceFetchError(`${url}: the server answered HTTP ${res.status}`);
      if (res.status >= 500 || res.status === 429 || res.status === 408) throw why;
      throw new AbortError(why);
    },
    { retries: opts.retries ?? 3, minTimeout: opts.retryMinMs ?? 2000, factor: 2, randomize: true },
  );
}

function remember(res: GuardedResponse): Validators {
  const etag = header(res, "etag");
  const lastModified = header(res, "last-modified");
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/**
 * Fetches the publisher's source: a feed (its newest entry's full content when the feed carries it,
 * else the entry's article page) or an article page, and parses the article as an issue. Asks
 * conditionally with the remembered validators; `unchanged` when the server says nothing changed.
 * Throws SourceFetchError when the fetch fails and IngestError when what came back is not an issue.
 */
export async function fetchSourceIssue(url: string, opts: SourceFetchOptions): Promise<SourceFetchResult> {
  const parseOpts = { tz: opts.tz, date: opts.date, now: opts.now };
  const first = await get(url, opts);
  if (first.status === 304) return { status: "unchanged", url };
  const validators: Record<string, Validators> = { [url]: remember(first) };
  const contentType = header(first, "content-type");
  const { text } = decodeBody(first.body, contentType);
  if (!looksLikeFeed(contentType, text)) {
    const issue = parseIssuePage(text, first.finalUrl, parseOpts);
    return { status: "fetched", issue, articleUrl: first.finalUrl, validators };
  }
  const entry = newestEntry(text);
  if (!entry) throw new IngestError(`${url}: the feed has no entries`, { file: url });
  const link = entry.link ? new URL(entry.link, first.finalUrl).toString() : undefined;
  if (entry.content) {
    try {
      const issue = parseIssuePage(entry.content, link ?? first.finalUrl, parseOpts);
      return { status: "fetched", issue, articleUrl: link ?? url, validators };
    } catch (err) {
      // A feed's "content" is often only a summary: the article page is the full issue.
      if (!(err instanceof IngestError) || !link) throw err;
    }
  }
  if (!link)
    throw new IngestError(`${url}: the feed's newest entry has no link and no content`, { file: url });
  const page = await get(link, opts);
  if (page.status === 304) return { status: "unchanged", url: link };
  validators[link] = remember(page);
  const html = decodeBody(page.body, header(page, "content-type")).text;
  const issue = parseIssuePage(html, page.finalUrl, parseOpts);
  return { status: "fetched", issue, articleUrl: page.finalUrl, validators };
}

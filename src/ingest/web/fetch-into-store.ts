import type { Config } from "../../config.ts";
import { issueHash } from "../../core/approval.ts";
import type { Issue } from "../../domain/issue.ts";
import type { Store } from "../../store/store.ts";
import { fetchSourceIssue, type Validators } from "./fetch-source.ts";

/** The store setting holding each URL's ETag / Last-Modified between runs. */
export const VALIDATORS_SETTING = "source.validators";

export type FetchOutcome =
  | { status: "unchanged"; url: string }
  /** Fetched and parsed, but the stored issue already reads exactly so. */
  | { status: "same"; issue: Issue; articleUrl: string }
  | { status: "stored"; issue: Issue; articleUrl: string; replaced: boolean }
  /** `--dry-run`: parsed and checked, nothing stored (validators untouched too). */
  | { status: "checked"; issue: Issue; articleUrl: string };

export interface FetchIntoStoreOptions {
  /** Another URL than PAPERBOY_SOURCE_URL (`paperboy fetch <url>`): trusted like it, it is the operator's. */
  url?: string;
  dryRun?: boolean;
  date?: string;
  now?: Date;
  /** Backoff start between retries (tests shorten it). */
  retryMinMs?: number;
}

/**
 * One fetch of the publisher's source into the store: asks conditionally, parses the article with
 * the text format's rules, and stores it when it differs from what is stored (replacing a pushed
 * issue: a changed article is a correction). Validators are remembered only once the issue is
 * stored, so a page that failed to parse is fetched in full next time. Throws SourceFetchError or
 * IngestError (nothing stored). Without a store (a dry run) nothing is read or written.
 */
export async function fetchIntoStore(
  config: Config,
  store: Store | undefined,
  opts: FetchIntoStoreOptions = {},
): Promise<FetchOutcome> {
  const url = opts.url ?? config.sourceUrl;
  if (!url) throw new Error("no source to fetch: set PAPERBOY_SOURCE_URL or give a URL");
  const remembered =
    opts.dryRun || !store
      ? {}
      : ((await store.getSetting<Record<string, Validators>>(VALIDATORS_SETTING)) ?? {});
  const result = await fetchSourceIssue(url, {
    tz: config.tz,
    validators: remembered,
    trustedUrl: url,
    timeoutMs: config.fetchTimeoutSeconds * 1000,
    maxBytes: config.fetchMaxBytes,
    retries: config.fetchRetries,
    retryMinMs: opts.retryMinMs,
    date: opts.date,
    now: opts.now,
  });
  if (result.status === "unchanged") return result;
  const { issue, articleUrl } = result;
  if (opts.dryRun || !store) return { status: "checked", issue, articleUrl };
  const stored = await store.getIssue(issue.date, issue.edition);
  let outcome: FetchOutcome;
  if (stored && issueHash(stored) === issueHash(issue)) outcome = { status: "same", issue, articleUrl };
  else {
    const { replaced } = await store.putIssue(issue, { force: true });
    outcome = { status: "stored", issue, articleUrl, replaced };
  }
  await store.setSetting(VALIDATORS_SETTING, { ...remembered, ...result.validators });
  return outcome;
}

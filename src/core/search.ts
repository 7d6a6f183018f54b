import type { Edition, Issue } from "../domain/issue.ts";
import type { IssueSummary, Store } from "../store/store.ts";

export interface SearchHit {
  date: string;
  edition: Edition;
  sectionKey: string;
  sectionTitle: string;
  /** The item's number in its section; undefined for the editorial's running text. */
  n?: number;
  title: string;
}

/**
 * Folds what differs without changing meaning: width (NFKC), case, curly quotes, runs of spaces.
 * Chinese has no spaces between words, so matching is by substring, never by whole words.
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

/** The words of a query; every one must occur in an item's title or body. */
export function searchTerms(query: string): string[] {
  return normalizeForSearch(query).split(" ").filter(Boolean);
}

/** One searchable piece of an issue: an item, or the editorial's running text. */
interface Entry {
  hit: SearchHit;
  /** Normalised title, body and source, searched by substring. */
  hay: string;
}

/**
 * Normalised entries per stored issue, keyed by date, edition and import time (a re-import changes
 * the key), so a search reads and folds each issue once instead of on every query. One index per
 * store; bounded, the oldest keys go first.
 */
const INDEX_LIMIT = 5000;
const indexes = new WeakMap<Store, Map<string, Entry[]>>();

function entriesOf(issue: Issue): Entry[] {
  const out: Entry[] = [];
  for (const section of issue.sections) {
    const base = {
      date: issue.date,
      edition: issue.edition,
      sectionKey: section.key,
      sectionTitle: section.title,
    };
    if (section.body?.trim()) {
      out.push({
        hit: { ...base, title: section.title },
        hay: normalizeForSearch(`${section.title} ${section.body}`),
      });
    }
    for (const item of section.items) {
      out.push({
        hit: { ...base, n: item.n, title: item.title },
        hay: normalizeForSearch([item.title, item.body, item.source].filter(Boolean).join(" ")),
      });
    }
  }
  return out;
}

async function entries(store: Store, summary: IssueSummary): Promise<Entry[]> {
  let index = indexes.get(store);
  if (!index) {
    index = new Map();
    indexes.set(store, index);
  }
  const key = `${summary.date}-${summary.edition}-${summary.importedAt}`;
  const cached = index.get(key);
  if (cached) return cached;
  const issue = await store.getIssue(summary.date, summary.edition);
  const found = issue ? entriesOf(issue) : [];
  if (index.size >= INDEX_LIMIT) index.delete(index.keys().next().value as string);
  index.set(key, found);
  return found;
}

/**
 * Items of stored issues dated on or before `onOrBefore` whose title, body or source contains
 * every term, newest issue first and in reading order within an issue. `total` counts all matches;
 * `hits` holds at most `limit`.
 */
export async function searchIssues(
  store: Store,
  query: string,
  opts: { onOrBefore: string; limit: number },
): Promise<{ hits: SearchHit[]; total: number }> {
  const terms = searchTerms(query);
  const hits: SearchHit[] = [];
  let total = 0;
  if (terms.length === 0) return { hits, total };
  const summaries = (await store.listIssues()).filter((s) => s.date <= opts.onOrBefore);
  for (const summary of summaries) {
    for (const entry of await entries(store, summary)) {
      if (!terms.every((t) => entry.hay.includes(t))) continue;
      total++;
      if (hits.length < opts.limit) hits.push({ ...entry.hit });
    }
  }
  return { hits, total };
}

import type { Edition } from "../domain/issue.ts";
import type { Store } from "../store/store.ts";

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

/**
 * Items of stored issues dated on or before `onOrBefore` whose title or body (or source) contains
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
  const matches = (...texts: (string | undefined)[]) => {
    const hay = normalizeForSearch(texts.filter(Boolean).join(" "));
    return terms.every((t) => hay.includes(t));
  };
  const summaries = (await store.listIssues()).filter((s) => s.date <= opts.onOrBefore);
  for (const summary of summaries) {
    const issue = await store.getIssue(summary.date, summary.edition);
    if (!issue) continue;
    for (const section of issue.sections) {
      const base = {
        date: issue.date,
        edition: issue.edition,
        sectionKey: section.key,
        sectionTitle: section.title,
      };
      if (section.body && matches(section.title, section.body)) {
        total++;
        if (hits.length < opts.limit) hits.push({ ...base, title: section.title });
      }
      for (const item of section.items) {
        if (!matches(item.title, item.body, item.source)) continue;
        total++;
        if (hits.length < opts.limit) hits.push({ ...base, n: item.n, title: item.title });
      }
    }
  }
  return { hits, total };
}

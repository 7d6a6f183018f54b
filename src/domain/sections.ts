/**
 * The sections readers know, with the words they use for them. Matching is case-insensitive and
 * ignores the difference between full-width and half-width characters (NFKC).
 */
export interface KnownSection {
  key: string;
  /** Headers as editors write them (without the trailing colon). */
  headers: { en: string[]; zh: string[] };
  /** Short words readers type to ask for the section. */
  aliases: string[];
  /** Display names used by the bot's own messages. */
  names: { en: string; zh: string };
}

export const KNOWN_SECTIONS: readonly KnownSection[] = [
  {
    key: "headlines",
    headers: { en: ["Lead", "Headlines"], zh: ["导读", "要闻"] },
    aliases: ["lead", "today", "headlines", "导读", "要闻"],
    names: { en: "Headlines", zh: "导读" },
  },
  {
    key: "ecommerce",
    headers: {
      en: ["E-commerce newsletter", "E-commerce news", "Ecommerce newsletter"],
      zh: ["电商快报", "电商新闻"],
    },
    aliases: ["ecommerce", "e-commerce", "ec", "电商"],
    names: { en: "E-commerce", zh: "电商快报" },
  },
  {
    key: "internet",
    headers: { en: ["Internet newsletter", "Internet news"], zh: ["互联网快报", "互联网新闻"] },
    aliases: ["internet", "it", "互联网"],
    names: { en: "Internet", zh: "互联网快报" },
  },
  {
    key: "crossborder",
    headers: {
      en: ["Cross-border newsletter", "Cross-border news", "Crossborder newsletter"],
      zh: ["跨境快报", "跨境新闻"],
    },
    aliases: ["crossborder", "cross-border", "cb", "跨境"],
    names: { en: "Cross-border", zh: "跨境快报" },
  },
  {
    key: "view",
    headers: { en: ["Today's view", "View"], zh: ["今日老高观点", "今日观点", "观点"] },
    aliases: ["view", "opinion", "观点", "老高观点"],
    names: { en: "Today's view", zh: "今日观点" },
  },
];

/**
 * Folds width, case, curly quotes and space (surrounding, and runs inside) so that `跨境`, `ＣＢ`,
 * ` cb ` compare equal, and so do `E-commerce   newsletter` and `E-commerce newsletter`.
 */
export function normalizeWord(word: string): string {
  return word
    .normalize("NFKC")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/**
 * The known section a header line names, if any. "Today's … view" headers name the publisher
 * (`Today’s Lao Gao’s view`, `今日老高观点`), so any header that starts with "today" and ends with
 * "view" counts as the editorial.
 */
export function sectionForHeader(header: string): KnownSection | undefined {
  const h = normalizeWord(header)
    .replace(/[:：]\s*$/, "")
    .trim();
  const known = wordIndex().headers.get(h);
  if (known) return known;
  if (/^today'?s?\b.*\bview$/.test(h) || /^今日.*观点$/.test(h))
    return KNOWN_SECTIONS.find((s) => s.key === "view");
  return undefined;
}

/**
 * The known sections by every normalized word that names them, built once: a reader's `/section`
 * and every imported header look a word up here instead of normalizing each alias again. Where two
 * sections share a word, the first listed wins, as a scan in order would.
 */
let index: { headers: Map<string, KnownSection>; words: Map<string, KnownSection> } | undefined;
function wordIndex(): NonNullable<typeof index> {
  if (index) return index;
  const headers = new Map<string, KnownSection>();
  const words = new Map<string, KnownSection>();
  const add = (map: Map<string, KnownSection>, word: string, s: KnownSection) => {
    const w = normalizeWord(word);
    if (!map.has(w)) map.set(w, s);
  };
  for (const s of KNOWN_SECTIONS) {
    const names = [...s.headers.en, ...s.headers.zh];
    for (const x of names) add(headers, x, s);
    for (const x of [s.key, ...s.aliases, ...names]) add(words, x, s);
  }
  index = { headers, words };
  return index;
}

/** The section key a reader's word names (`跨境`, `cb`, `crossborder`), or undefined. */
export function sectionKeyForAlias(word: string): string | undefined {
  const w = normalizeWord(word);
  if (!w) return undefined;
  return wordIndex().words.get(w)?.key;
}

/** A slug for a header no known section matches, so unknown sections still get a stable key. */
export function slugForHeader(header: string): string {
  const ascii = normalizeWord(header)
    .replace(/[:：]\s*$/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32);
  if (ascii) return ascii;
  // A header with no Latin letters (e.g. 品牌快报) gets a short stable hash.
  let h = 0;
  for (const ch of header) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `s-${h.toString(36)}`;
}

import type { Locale } from "../../domain/locale.ts";
import { type ApplyKey, applyEn, applyZhCN } from "./apply.ts";
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

/** The one catalogue's keys: the router's (`today.heading`) and the namespaced features' (`apply.intro`). */
export type MessageKey = keyof typeof zhCN | `apply.${ApplyKey}`;
/** A catalogue: every key of the Chinese one, no more, no fewer. */
export type Messages = Record<MessageKey, string>;
export type Params = Record<string, string | number>;

function namespaced<K extends string, N extends string>(
  ns: N,
  part: Record<K, string>,
): Record<`${N}.${K}`, string> {
  return Object.fromEntries(Object.entries(part).map(([k, v]) => [`${ns}.${k}`, v])) as Record<
    `${N}.${K}`,
    string
  >;
}

const CATALOGUES: Record<Locale, Messages> = {
  "zh-CN": { ...zhCN, ...namespaced("apply", applyZhCN) },
  en: { ...en, ...namespaced("apply", applyEn) },
};

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(CATALOGUES["zh-CN"], key);
}

/** For tests: every locale's catalogue, to check that each uses the same keys and parameters. */
export function catalogues(): Readonly<Record<Locale, Readonly<Messages>>> {
  return CATALOGUES;
}

/** Built once per locale: a reply asks for several messages, and each Intl.PluralRules costs ~20 µs. */
const PLURAL_RULES = new Map<Locale, Intl.PluralRules>();
function pluralRules(locale: Locale): Intl.PluralRules {
  let rules = PLURAL_RULES.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    PLURAL_RULES.set(locale, rules);
  }
  return rules;
}

/** A template cut into literal text, `{name}` slots and `{count|one|other}` plural slots. */
type Piece = string | { name: string } | { name: string; one: string; other: string };

/** Templates cut once (a reply fills several, each with two regex passes before). */
const PIECES = new Map<string, Piece[]>();
function piecesOf(template: string): Piece[] {
  let pieces = PIECES.get(template);
  if (pieces) return pieces;
  pieces = [];
  const slot = /\{(\w+)\|([^|{}]*)\|([^|{}]*)\}|\{(\w+)\}/g;
  let at = 0;
  for (const m of template.matchAll(slot)) {
    if (m.index > at) pieces.push(template.slice(at, m.index));
    const [, pluralName, one, other, name] = m;
    pieces.push(pluralName ? { name: pluralName, one: one ?? "", other: other ?? "" } : { name: name ?? "" });
    at = m.index + m[0].length;
  }
  if (at < template.length) pieces.push(template.slice(at));
  PIECES.set(template, pieces);
  return pieces;
}

/**
 * The message for `key` in `locale`, with `{name}` parameters filled in (unknown ones left visible)
 * and plurals chosen by the count they follow: `{count|chat|chats}` is `chat` when `count` is one in
 * the locale's plural rules, else `chats` (Chinese needs none: `{count} 个群`).
 */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  let out = "";
  for (const piece of piecesOf(CATALOGUES[locale][key])) {
    if (typeof piece === "string") out += piece;
    else if (!Object.hasOwn(params, piece.name))
      out += "one" in piece ? `{${piece.name}|${piece.one}|${piece.other}}` : `{${piece.name}}`;
    else if ("one" in piece)
      out += pluralRules(locale).select(Number(params[piece.name])) === "one" ? piece.one : piece.other;
    else out += String(params[piece.name]);
  }
  return out;
}

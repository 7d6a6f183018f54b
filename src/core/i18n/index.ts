import type { Locale } from "../../domain/locale.ts";
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export type MessageKey = keyof typeof zhCN;
/** A catalogue: every key of the Chinese one, no more, no fewer. */
export type Messages = Record<MessageKey, string>;
export type Params = Record<string, string | number>;

const CATALOGUES: Record<Locale, Messages> = { "zh-CN": zhCN, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

/** The message for `key` in `locale`, with `{name}` parameters filled in (unknown ones left visible). */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = CATALOGUES[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

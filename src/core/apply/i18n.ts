import type { Locale } from "../../domain/locale.ts";
import type { ApplyKey } from "../i18n/apply.ts";
import { type Params, t } from "../i18n/index.ts";

export type { ApplyKey } from "../i18n/apply.ts";
export type ApplyParams = Params;

/** A translator bound to one locale and the catalogue's `apply.` namespace. */
export type Tr = (key: ApplyKey, params?: ApplyParams) => string;

export function translator(locale: Locale): Tr {
  return (key, params) => t(locale, `apply.${key}`, params);
}

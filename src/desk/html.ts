import { escapeUTF8 } from "entities/escape";

/**
 * Server-rendered pages are written as `html` tagged templates: every interpolated value is
 * HTML-escaped (by the `entities` package) unless it is already `SafeHtml`, made by another `html`
 * template or, for markup we produced and checked ourselves, by `trusted()`. Escaping is the
 * default, so forgetting it is impossible rather than a review item; no build step is needed.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeUTF8(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Markup that is already safe (it passed `telegramPreviewHtml`'s allow-list, or is a constant). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Escapes one value for use inside an attribute or text. */
export function escapeHtml(value: string): string {
  return escapeUTF8(value);
}

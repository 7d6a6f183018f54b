import { decodeHTMLStrict } from "entities";

/**
 * HTML character references that editors paste along with text copied from web pages
 * (`A &amp; B`, `&lt;新规&gt;`, `&#8220;`). Readers must see the characters, not the references:
 * the importer decodes them once, and each renderer escapes the result for its own markup.
 * Only the text format is decoded; a JSON issue is taken as given.
 */

/**
 * `&name;`, `&#123;` or `&#x1F600;`; anything else (a bare `&`, `&copy` with no semicolon) stays as
 * written. Named references are looked up in the full HTML5 table of the `entities` package (over
 * 2,000 names: `&ldquo;` `&mdash;` `&hellip;` `&copy;` …) rather than a hand-kept list; numeric
 * ones are decoded here, so control characters can be refused.
 */
const REFERENCE = /&(?:([A-Za-z][A-Za-z0-9]{1,31})|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;

/**
 * Whether a numeric reference names a character worth showing. NUL, surrogates, code points past
 * U+10FFFF and control characters (a `&#10;` would break a line in the middle of a header) stay literal.
 */
function showable(code: number): boolean {
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
  return !(code < 0x20 || (code >= 0x7f && code <= 0x9f));
}

/**
 * The text with its character references decoded, in one pass: `&amp;lt;` becomes `&lt;`, not `<`,
 * so an editor who meant to show a reference literally keeps it after one level of escaping.
 */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole, name?: string, dec?: string, hex?: string) => {
    // Strict: the whole `&name;` must be one known name; `&unknown;` comes back unchanged.
    if (name !== undefined) return decodeHTMLStrict(whole);
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? "", 16);
    return showable(code) ? String.fromCodePoint(code) : whole;
  });
}

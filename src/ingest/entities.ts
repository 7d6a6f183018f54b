/**
 * HTML character references that editors paste along with text copied from web pages
 * (`A &amp; B`, `&lt;新规&gt;`, `&#8220;`). Readers must see the characters, not the references:
 * the importer decodes them once, and each renderer escapes the result for its own markup.
 * Only the text format is decoded; a JSON issue is taken as given.
 */

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00A0",
};

/** `&name;`, `&#123;` or `&#x1F600;`; anything else (a bare `&`, `&copy`, `&unknown;`) stays as written. */
const REFERENCE = /&(?:([a-z]+)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;

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
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? "", 16);
    return showable(code) ? String.fromCodePoint(code) : whole;
  });
}

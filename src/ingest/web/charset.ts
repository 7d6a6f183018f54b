import iconv from "iconv-lite";

/**
 * Chinese sites still serve GBK or GB2312 pages. GB18030 is a superset of both, so a page that
 * says either is decoded as GB18030: the characters GBK lacks never turn into mojibake.
 */
const ALIASES: Record<string, string> = { gbk: "gb18030", gb2312: "gb18030", "x-gbk": "gb18030" };

/** `charset=` of a Content-Type header value, lowercased, if it names one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? "");
  return m?.[1]?.toLowerCase();
}

/**
 * The charset a document declares about itself in its first bytes: `<meta charset>`,
 * `<meta http-equiv="Content-Type" content="…; charset=…">` or `<?xml … encoding="…"?>`.
 * Read as Latin-1, since those declarations are ASCII whatever the page's own encoding.
 */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml?.[1]) return xml[1].toLowerCase();
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta?.[1]?.toLowerCase();
}

/**
 * Decodes a fetched body: a byte-order mark first, then the header's charset, then the document's
 * own declaration, else UTF-8. An unknown charset name falls back to UTF-8 rather than failing.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string): { text: string; charset: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: Buffer.from(bytes.subarray(3)).toString("utf8"), charset: "utf-8" };
  const named = charsetOf(contentType) ?? declaredCharset(bytes) ?? "utf-8";
  const charset = ALIASES[named] ?? named;
  const use = iconv.encodingExists(charset) ? charset : "utf-8";
  return { text: iconv.decode(Buffer.from(bytes), use), charset: use };
}

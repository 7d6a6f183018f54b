/**
 * Telegram's HTML parse mode, as the Bot API applies it: turns `<b>x</b> &amp; y` into plain text
 * plus entities, or fails with the same kind of description the real server gives
 * (`can't parse entities: ...`). Lengths and offsets are in UTF-16 code units, as the API counts.
 *
 * One deliberate difference: the real server keeps a bare `&` that starts no entity as text; the
 * stand-in rejects it, so a renderer that forgets to escape fails in tests instead of in a chat
 * where `&lt;` typed by an editor would silently turn into `<`.
 */

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}

export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

export class HtmlParseError extends Error {}

const TAG_TYPES: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

interface OpenTag {
  name: string;
  offset: number;
  attrs: Record<string, string>;
}

function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), "utf8");
}

function fail(source: string, index: number, what: string): never {
  throw new HtmlParseError(`${what} at byte offset ${byteOffset(source, index)}`);
}

/** Decodes `&lt;`, `&#60;`, `&#x3C;` starting at `i`; returns the character and the index after `;`. */
function decodeEntity(s: string, i: number): { ch: string; next: number } | undefined {
  const end = s.indexOf(";", i + 1);
  if (end === -1 || end - i > 12) return undefined;
  const name = s.slice(i + 1, end);
  const named = NAMED_ENTITIES[name];
  if (named !== undefined) return { ch: named, next: end + 1 };
  const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
  if (!m) return undefined;
  const code = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { ch: String.fromCodePoint(code), next: end + 1 };
}

/** Reads `name="value"` / `name='value'` / `name=value` / `name` pairs up to `>`. */
function parseAttributes(s: string, start: number): { attrs: Record<string, string>; end: number } {
  const attrs: Record<string, string> = {};
  let i = start;
  for (;;) {
    while (i < s.length && /\s/.test(s[i] as string)) i++;
    if (i >= s.length) fail(s, start, "Unclosed start tag");
    if (s[i] === ">") return { attrs, end: i + 1 };
    const nameStart = i;
    while (i < s.length && /[a-zA-Z0-9_-]/.test(s[i] as string)) i++;
    const name = s.slice(nameStart, i).toLowerCase();
    if (!name) fail(s, i, "Expected equal sign in declaration of an attribute of the tag");
    while (i < s.length && /\s/.test(s[i] as string)) i++;
    if (s[i] !== "=") {
      attrs[name] = "";
      continue;
    }
    i++;
    while (i < s.length && /\s/.test(s[i] as string)) i++;
    const quote = s[i];
    let value: string;
    if (quote === '"' || quote === "'") {
      const close = s.indexOf(quote, i + 1);
      if (close === -1) fail(s, i, "Unclosed start tag");
      value = decodeAttribute(s.slice(i + 1, close));
      i = close + 1;
    } else {
      const valueStart = i;
      while (i < s.length && /[^\s>]/.test(s[i] as string)) i++;
      value = decodeAttribute(s.slice(valueStart, i));
    }
    attrs[name] = value;
  }
}

function decodeAttribute(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; ) {
    const d = raw[i] === "&" ? decodeEntity(raw, i) : undefined;
    if (d) {
      out += d.ch;
      i = d.next;
    } else {
      out += raw[i];
      i++;
    }
  }
  return out;
}

/** Parses Telegram HTML; throws HtmlParseError with the server's wording when the markup is invalid. */
export function parseHtml(source: string): ParsedText {
  let text = "";
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === "&") {
      const d = decodeEntity(source, i);
      if (!d) fail(source, i, 'Character "&" must be escaped as "&amp;"');
      text += d.ch;
      i = d.next;
      continue;
    }
    if (c === ">") {
      // The real server accepts a bare `>`; only `<` and `&` start markup.
      text += c;
      i++;
      continue;
    }
    if (c !== "<") {
      text += c;
      i++;
      continue;
    }
    const tagStart = i;
    if (source[i + 1] === "/") {
      const close = source.indexOf(">", i);
      if (close === -1) fail(source, tagStart, "Unclosed end tag");
      const name = source
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const open = stack.pop();
      if (!open) fail(source, tagStart, "Unexpected end tag");
      if (open.name !== name) {
        fail(source, tagStart, `Unmatched end tag, expected "</${open.name}>", found "</${name}>"`);
      }
      const length = text.length - open.offset;
      if (length > 0) entities.push(toEntity(open, length));
      i = close + 1;
      continue;
    }
    let j = i + 1;
    while (j < source.length && /[a-zA-Z0-9-]/.test(source[j] as string)) j++;
    const name = source.slice(i + 1, j).toLowerCase();
    if (!name || TAG_TYPES[name] === undefined) fail(source, tagStart, `Unsupported start tag "${name}"`);
    const { attrs, end } = parseAttributes(source, j);
    if (name === "span" && attrs.class !== "tg-spoiler") {
      fail(source, tagStart, 'Tag "span" must have class "tg-spoiler"');
    }
    stack.push({ name, offset: text.length, attrs });
    i = end;
  }
  const unclosed = stack.pop();
  if (unclosed) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

function toEntity(tag: OpenTag, length: number): MessageEntity {
  const type = TAG_TYPES[tag.name] as string;
  const entity: MessageEntity = { type, offset: tag.offset, length };
  if (tag.name === "a") {
    entity.url = tag.attrs.href ?? "";
  }
  if (tag.name === "blockquote" && "expandable" in tag.attrs) entity.type = "expandable_blockquote";
  if (tag.name === "code" && tag.attrs.class?.startsWith("language-")) {
    entity.language = tag.attrs.class.slice("language-".length);
  }
  return entity;
}

/** Text length as the Bot API limits it: UTF-16 code units after markup is parsed. */
export function apiLength(text: string): number {
  return text.length;
}

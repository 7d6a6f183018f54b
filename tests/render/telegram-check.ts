/**
 * An independent reading of Telegram HTML for the tests: is it well formed as Telegram's parser
 * wants it, and what text does the reader see (and Telegram count)?
 */

/** Tags Telegram's HTML parse mode understands that our renderers may use. */
const ALLOWED = new Set(["b", "i", "u", "s", "code", "pre", "a"]);
const TAG = /^<(\/?)([A-Za-z-]+)((?:\s[^<>]*)?)>/;
const ENTITY = /^&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9A-Fa-f]{1,6});/;

/** Everything wrong with a piece of Telegram HTML (empty when Telegram would parse it). */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  for (let i = 0; i < html.length; i++) {
    const c = html[i];
    if (c === "<") {
      const m = TAG.exec(html.slice(i));
      if (!m) {
        problems.push(`bare < at ${i}`);
        continue;
      }
      const [all, closing, name = ""] = m;
      if (!ALLOWED.has(name)) problems.push(`tag <${name}> at ${i} is not one Telegram allows`);
      if (closing) {
        const top = open.pop();
        if (top !== name) problems.push(`</${name}> at ${i} closes ${top ? `<${top}>` : "nothing"}`);
      } else open.push(name);
      i += all.length - 1;
    } else if (c === ">") {
      problems.push(`bare > at ${i}`);
    } else if (c === "&") {
      if (!ENTITY.test(html.slice(i, i + 12))) problems.push(`& at ${i} starts no entity`);
    }
  }
  if (open.length) problems.push(`unclosed ${open.map((t) => `<${t}>`).join("")}`);
  return problems;
}

/** The text after entity parsing: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html.replace(/<[^<>]*>/g, "").replace(/&(lt|gt|amp|quot|#\d+|#x[0-9A-Fa-f]+);/g, (_, e: string) => {
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "amp") return "&";
    if (e === "quot") return '"';
    return String.fromCodePoint(e.startsWith("#x") ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/** Telegram's count: UTF-16 code units of the visible text. */
export function telegramLength(html: string): number {
  return visibleText(html).length;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Drops whitespace so texts that differ only in where lines were broken compare equal. */
export function squash(text: string): string {
  return text.replace(/\s+/g, "");
}

/**
 * Reads the part labels: every part starts with `(i/n)` on its own line when there are several, and
 * none do when there is one. Returns the parts' texts without their labels.
 */
export function stripLabels(texts: string[]): { bodies: string[]; problems: string[] } {
  const problems: string[] = [];
  const n = texts.length;
  const bodies = texts.map((t, k) => {
    const m = /^\((\d+)\/(\d+)\)\n/.exec(t);
    if (n === 1) {
      if (m) problems.push(`a single part is labelled ${m[0].trim()}`);
      return t;
    }
    if (!m || Number(m[1]) !== k + 1 || Number(m[2]) !== n)
      problems.push(`part ${k + 1} of ${n} is labelled ${m?.[0].trim() ?? "not at all"}`);
    return m ? t.slice(m[0].length) : t;
  });
  return { bodies, problems };
}

/** Whether `needles` occur in `haystack` in this order (whitespace ignored), and the first one that does not. */
export function missingInOrder(haystack: string, needles: string[]): string | undefined {
  const hay = squash(haystack);
  let from = 0;
  for (const needle of needles) {
    const n = squash(needle);
    const at = hay.indexOf(n, from);
    if (at < 0) return needle;
    from = at + n.length;
  }
  return undefined;
}

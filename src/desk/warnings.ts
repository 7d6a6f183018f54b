import type { Config } from "../config.ts";
import { t } from "../core/i18n/index.ts";
import type { Issue } from "../domain/issue.ts";
import type { Locale } from "../domain/locale.ts";
import { KNOWN_SECTIONS } from "../domain/sections.ts";
import { PREVIEWED, type RenderedPart } from "../platforms/desk-preview.ts";

const KNOWN = new Set(KNOWN_SECTIONS.map((s) => s.key));

/**
 * What an editor should look at before saving: headers that matched no known section, items
 * without a source, images no platform can fetch, items too long for one message, and sections
 * that go out in several messages. None of these stops the import; they are the typos and
 * surprises of a real evening's text.
 */
export function issueWarnings(issue: Issue, parts: RenderedPart[], config: Config, locale: Locale): string[] {
  const out: string[] = [];
  for (const s of issue.sections) {
    if (!KNOWN.has(s.key)) out.push(t(locale, "desk.warn.unknownHeader", { title: s.title, key: s.key }));
    for (const item of s.items) {
      if (!item.source && s.items.length > 0)
        out.push(t(locale, "desk.warn.noSource", { section: s.title, n: item.n, title: item.title }));
      const chars = [...item.title].length + [...item.body].length;
      for (const { platform, limit } of PREVIEWED) {
        if (chars > limit)
          out.push(
            t(locale, "desk.warn.longItem", {
              section: s.title,
              n: item.n,
              title: item.title,
              chars,
              platform,
            }),
          );
      }
    }
  }
  if (!config.imageBaseUrl) {
    const images = [
      ...issue.images,
      ...issue.sections.flatMap((s) => [...s.images, ...s.items.flatMap((i) => i.images)]),
    ];
    for (const img of images)
      if (!/^(https?|file):/i.test(img.src)) out.push(t(locale, "desk.warn.image", { src: img.src }));
  }
  for (const p of parts) {
    for (const { platform, key } of PREVIEWED) {
      const n = (p.platforms[key] ?? []).filter((x) => x.type === "text").length;
      if (n > 1) out.push(t(locale, "desk.warn.split", { section: p.title, platform, parts: n }));
    }
  }
  return out;
}

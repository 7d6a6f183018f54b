import type { Config } from "../config.ts";
import type { Block, OutPart, PlatformAdapter } from "../core/ports/index.ts";
import type { Chat, Platform } from "../domain/chat.ts";
import type { Issue } from "../domain/issue.ts";
import type { Locale } from "../domain/locale.ts";
import { footerBlocks, headlineBlocks, sectionBlocks } from "../render/issue-blocks.ts";
import type { PlanEntry } from "./ledger.ts";

/** The lead of the issue is planned under this section key, before every other section. */
export const HEADLINES = "headlines";

/** Renders one section of the issue for one chat (its platform, its language) into message parts. */
export type SectionRenderer = (chat: Chat, sectionKey: string) => OutPart[];

/** Whether a chat takes pushes at all: active and subscribed (paused and inactive chats do not). */
export function receivesPushes(chat: Chat): boolean {
  return chat.state === "active" && chat.subscribed;
}

/**
 * The sections a chat gets, in the issue's order: the headlines first (when the issue has any),
 * then each section. A chat with a list of sections gets only the listed ones (list `headlines`
 * to keep the lead); "all" gets everything.
 */
export function sectionsFor(issue: Issue, chat: Pick<Chat, "sections">): string[] {
  const keys = [...(issue.headlines.length > 0 ? [HEADLINES] : []), ...issue.sections.map((s) => s.key)];
  // A section literally keyed "headlines" in the issue must not be planned twice.
  const unique = [...new Set(keys)];
  if (chat.sections === "all") return unique;
  const wanted = new Set(chat.sections);
  return unique.filter((k) => wanted.has(k));
}

/**
 * The plan of a push: for every chat that takes pushes, each of its sections' parts in order.
 * Entries come grouped by chat, in sending order; the ledger keeps that order.
 */
export function planPush(
  issue: Issue,
  chats: Chat[],
  render: SectionRenderer,
  opts: { paused?: boolean } = {},
): PlanEntry[] {
  if (opts.paused) return [];
  const entries: PlanEntry[] = [];
  for (const chat of chats) {
    if (!receivesPushes(chat)) continue;
    for (const section of sectionsFor(issue, chat)) {
      render(chat, section).forEach((body, part) => {
        entries.push({ chatId: chat.id, section, part, body });
      });
    }
  }
  return entries;
}

/** Renders each (platform, locale, section) once however many chats share it. */
export function cachedRenderer(render: SectionRenderer): SectionRenderer {
  const cache = new Map<string, OutPart[]>();
  return (chat, section) => {
    const key = `${chat.platform}|${chat.locale ?? ""}|${section}`;
    let parts = cache.get(key);
    if (!parts) {
      parts = render(chat, section);
      cache.set(key, parts);
    }
    return parts;
  };
}

/**
 * One section of the issue as blocks, as a push sends it: the headlines, or a section (the footer
 * closes the last one). Undefined for a key the issue does not have.
 */
export function issueSectionBlocks(issue: Issue, key: string, locale: Locale): Block[] | undefined {
  if (key === HEADLINES) return headlineBlocks(issue, locale);
  const section = issue.sections.find((s) => s.key === key);
  if (!section) return undefined;
  const blocks = sectionBlocks(section, locale);
  if (section === issue.sections[issue.sections.length - 1]) blocks.push(...footerBlocks(issue));
  return blocks;
}

/** Renders an issue's sections with each chat's adapter and language. */
export function issueRenderer(
  issue: Issue,
  adapters: Map<Platform, PlatformAdapter>,
  config: Pick<Config, "locale">,
): SectionRenderer {
  return cachedRenderer((chat, key) => {
    const adapter = adapters.get(chat.platform);
    const blocks = adapter && issueSectionBlocks(issue, key, chat.locale ?? config.locale);
    return adapter && blocks ? adapter.render({ blocks }) : [];
  });
}

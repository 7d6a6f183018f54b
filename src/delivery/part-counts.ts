import type { PartCounts } from "../core/approval-preview.ts";
import type { PlatformAdapter } from "../core/ports/index.ts";
import type { Issue } from "../domain/issue.ts";
import type { Locale } from "../domain/locale.ts";
import { footerBlocks, headlineBlocks, sectionBlocks } from "../render/issue-blocks.ts";
import { HEADLINES } from "./planner.ts";

/** How many messages each section becomes on each running platform, as a push would render it. */
export function countParts(issue: Issue, adapters: readonly PlatformAdapter[], locale: Locale): PartCounts {
  const counts: PartCounts = {};
  const last = issue.sections[issue.sections.length - 1];
  for (const adapter of adapters) {
    if (issue.headlines.length > 0) {
      counts[HEADLINES] = {
        ...counts[HEADLINES],
        [adapter.platform]: adapter.render({ blocks: headlineBlocks(issue, locale) }).length,
      };
    }
    for (const s of issue.sections) {
      const blocks = sectionBlocks(s, locale);
      if (s === last) blocks.push(...footerBlocks(issue));
      counts[s.key] = { ...counts[s.key], [adapter.platform]: adapter.render({ blocks }).length };
    }
  }
  return counts;
}

import type { PartCounts } from "../core/approval-preview.ts";
import type { PlatformAdapter } from "../core/ports/index.ts";
import type { Issue } from "../domain/issue.ts";
import type { Locale } from "../domain/locale.ts";
import { HEADLINES, issueSectionBlocks } from "./planner.ts";

/** How many messages each section becomes on each running platform, as a push would render it. */
export function countParts(issue: Issue, adapters: readonly PlatformAdapter[], locale: Locale): PartCounts {
  const counts: PartCounts = {};
  const keys = [...(issue.headlines.length > 0 ? [HEADLINES] : []), ...issue.sections.map((s) => s.key)];
  for (const adapter of adapters) {
    for (const key of keys) {
      const blocks = issueSectionBlocks(issue, key, locale);
      if (blocks) counts[key] = { ...counts[key], [adapter.platform]: adapter.render({ blocks }).length };
    }
  }
  return counts;
}

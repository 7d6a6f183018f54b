import type { Issue } from "../domain/issue.ts";

/** A section this long is almost surely a pasting accident (a whole archive in one issue). */
export const MANY_ITEMS = 1000;
/** An item body longer than this fills more than one Telegram message (4,096) on its own. */
export const LONG_BODY = 4000;

/**
 * Things that parse but that an editor most likely did not mean, said at import so they can be
 * fixed before the push: not errors, because a long item or a big section is still deliverable.
 */
export function issueWarnings(issue: Issue): string[] {
  const warnings: string[] = [];
  for (const s of issue.sections) {
    if (s.items.length >= MANY_ITEMS) {
      warnings.push(
        `section ${s.key} has ${s.items.length} items (${MANY_ITEMS} or more): is a whole archive pasted in?`,
      );
    }
    for (const item of s.items) {
      const length = [...item.body].length;
      if (length > LONG_BODY) {
        warnings.push(
          `section ${s.key} item ${item.n} «${item.title.slice(0, 30)}» has a body of ${length} characters (over ${LONG_BODY}): it will be split into several messages`,
        );
      }
    }
  }
  return warnings;
}

import type { Issue, Item, Section } from "../domain/issue.ts";

export type ChangeKind = "added" | "removed" | "changed";

/** What changed in one section between the version the chats have and the new one. */
export interface SectionChange {
  /** The section key (`headlines` for the lead). */
  section: string;
  title: string;
  kind: ChangeKind;
  /** The items that changed, by number; empty when the section changed as a whole (lead, editorial). */
  items: Array<{ n: number; title: string; kind: ChangeKind }>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function itemChanges(before: Item[], after: Item[]): SectionChange["items"] {
  const out: SectionChange["items"] = [];
  const old = new Map(before.map((i) => [i.n, i]));
  for (const item of after) {
    const was = old.get(item.n);
    if (!was) out.push({ n: item.n, title: item.title, kind: "added" });
    else if (!same(was, item)) out.push({ n: item.n, title: item.title, kind: "changed" });
    old.delete(item.n);
  }
  for (const gone of old.values()) out.push({ n: gone.n, title: gone.title, kind: "removed" });
  return out.sort((a, b) => a.n - b.n);
}

function sectionChange(before: Section, after: Section, footerChanged: boolean): SectionChange | undefined {
  const items = itemChanges(before.items, after.items);
  const whole =
    before.body !== after.body || before.title !== after.title || !same(before.images, after.images);
  if (items.length === 0 && !whole && !footerChanged) return undefined;
  return { section: after.key, title: after.title, kind: "changed", items };
}

/**
 * Works out, section by section and item by item, what a new version of an issue changes against
 * the version the chats already have: the lead, each section (added, removed, changed, with its
 * changed items), and the footer (counted with the last section, which carries it).
 */
export function diffIssues(before: Issue, after: Issue): SectionChange[] {
  const changes: SectionChange[] = [];
  if (
    !same(before.headlines, after.headlines) ||
    !same(before.images, after.images) ||
    before.title !== after.title
  )
    changes.push({ section: "headlines", title: after.title, kind: "changed", items: [] });
  const old = new Map(before.sections.map((s) => [s.key, s]));
  const footerChanged = !same(before.footer, after.footer);
  const last = after.sections[after.sections.length - 1];
  for (const section of after.sections) {
    const was = old.get(section.key);
    if (!was) changes.push({ section: section.key, title: section.title, kind: "added", items: [] });
    else {
      const c = sectionChange(was, section, footerChanged && section === last);
      if (c) changes.push(c);
    }
    old.delete(section.key);
  }
  for (const gone of old.values())
    changes.push({ section: gone.key, title: gone.title, kind: "removed", items: [] });
  return changes;
}

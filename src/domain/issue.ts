import { z } from "zod";

/** Dates are calendar days in the publisher's timezone, written YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date written YYYY-MM-DD")
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "not a real calendar date",
    },
  );

export const Edition = z.enum(["evening", "morning"]);
export type Edition = z.infer<typeof Edition>;

/** A section key is a stable slug: the known ones (see sections.ts) or one made from an unknown header. */
export const SectionKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "expected a lowercase slug such as `crossborder`");

export const Image = z.strictObject({
  /** As written by the editor: a relative path (`/upload/img/20171225/1.jpg`), an absolute URL or a local file. */
  src: z.string().min(1),
  alt: z.string().default(""),
});
export type Image = z.infer<typeof Image>;

export const Item = z.strictObject({
  n: z.number().int().positive(),
  title: z.string().min(1),
  /** Paragraphs separated by "\n". May be empty when an item is only a title. */
  body: z.string().default(""),
  source: z.string().min(1).optional(),
  images: z.array(Image).default([]),
});
export type Item = z.infer<typeof Item>;

export const Section = z
  .strictObject({
    key: SectionKey,
    title: z.string().min(1),
    items: z.array(Item).default([]),
    /** The editorial ("view") has running text instead of items. */
    body: z.string().optional(),
    images: z.array(Image).default([]),
  })
  .refine((s) => s.items.length > 0 || (s.body ?? "").trim().length > 0, {
    message: "a section needs at least one item or a body",
  });
export type Section = z.infer<typeof Section>;

export const Headline = z.strictObject({ n: z.number().int().positive(), text: z.string().min(1) });
export type Headline = z.infer<typeof Headline>;

/**
 * An issue. Every object is strict: a misspelt field in a JSON issue (`headline`, `surce`) is an
 * error naming it, not a value dropped in silence. schema/issue.schema.json is generated from this.
 */
export const Issue = z
  .strictObject({
    date: IsoDate,
    edition: Edition.default("evening"),
    /** e.g. "E-commerce Evening News on December 25" / "12月25日电商晚报" */
    title: z.string().min(1),
    /** e.g. "老高电商快报" (without the # marks) */
    hashtag: z.string().optional(),
    language: z.enum(["zh", "en"]).default("zh"),
    headlines: z.array(Headline).default([]),
    /** Images that follow the lead, before the first section. */
    images: z.array(Image).default([]),
    sections: z.array(Section).min(1, "an issue needs at least one section"),
    /** Footer lines after the editorial: reprint notice, invitation to join the club. */
    footer: z.array(z.string()).default([]),
  })
  .refine((i) => new Set(i.sections.map((s) => s.key)).size === i.sections.length, {
    message: "two sections share one key",
    path: ["sections"],
  });
export type Issue = z.infer<typeof Issue>;
/** What an issue file may leave out (defaults are filled in by the schema). */
export type IssueInput = z.input<typeof Issue>;

/** The key an issue is stored under: one issue per date and edition. */
export function issueId(issue: Pick<Issue, "date" | "edition">): string {
  return `${issue.date}-${issue.edition}`;
}

/** Older date first; on the same date the morning edition before the evening one (sort descending for newest). */
export function compareIssues(
  a: Pick<Issue, "date" | "edition">,
  b: Pick<Issue, "date" | "edition">,
): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const rank = (e: Edition) => (e === "morning" ? 0 : 1);
  return rank(a.edition) - rank(b.edition);
}

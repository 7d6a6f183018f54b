import { z } from "zod";
import { IsoDate } from "../../domain/issue.ts";
import { sectionBlocks } from "../../render/issue-blocks.ts";
import { findSection, issueOn } from "../issue-view.ts";
import { defineCommand } from "../registry.ts";

/**
 * `<date> <section> <n>`. The section is any word `/section` takes (its key, an alias, or the
 * editor's title such as `品牌快报`, which may hold spaces), so everything between the date and the
 * number is the section.
 */
const itemArgs = z
  .string()
  .max(80, "args.tooLong")
  .transform((s) => {
    const parts = s.split(/\s+/).filter(Boolean);
    return [parts[0] ?? "", parts.slice(1, -1).join(" "), parts.length > 2 ? (parts.at(-1) ?? "") : ""];
  })
  .pipe(
    z.tuple([
      // The reader's language, not the schema's English (`看不懂这个日期` plus the usage line).
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "args.notADate")
        .pipe(IsoDate),
      z.string().min(1),
      z
        .string()
        .regex(/^\d{1,4}$/)
        .transform(Number),
    ]),
  );

/** `/item <date> <section> <n>`: one item of a stored issue, as search results link to it. */
export const item = defineCommand({
  name: "item",
  where: ["group", "private"],
  usage: "usage.item",
  args: itemArgs,
  async run(ctx, [date, word, n]) {
    const issue = await issueOn(ctx, date);
    const section = issue ? findSection(issue, word).section : undefined;
    const found = section?.items.find((i) => i.n === n);
    if (!section || !found) return [{ blocks: [{ kind: "paragraph", text: ctx.t("item.notFound") }] }];
    // The item on its own, under its section's heading.
    return [
      { blocks: sectionBlocks({ ...section, body: undefined, images: [], items: [found] }, ctx.locale) },
    ];
  },
});

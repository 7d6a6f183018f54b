import { z } from "zod";
import { IsoDate, SectionKey } from "../../domain/issue.ts";
import { sectionBlocks } from "../../render/issue-blocks.ts";
import { issueOn } from "../issue-view.ts";
import { defineCommand } from "../registry.ts";

const itemArgs = z
  .string()
  .max(80, "args.tooLong")
  .transform((s) => s.split(/\s+/).filter(Boolean))
  .pipe(
    z.tuple([
      IsoDate,
      SectionKey,
      z
        .string()
        .regex(/^\d{1,3}$/)
        .transform(Number),
    ]),
  );

/** `/item <date> <section> <n>`: one item of a stored issue, as search results link to it. */
export const item = defineCommand({
  name: "item",
  where: ["group", "private"],
  usage: "usage.item",
  args: itemArgs,
  async run(ctx, [date, key, n]) {
    const issue = await issueOn(ctx, date);
    const section = issue?.sections.find((s) => s.key === key);
    const found = section?.items.find((i) => i.n === n);
    if (!section || !found) return [{ blocks: [{ kind: "paragraph", text: ctx.t("item.notFound") }] }];
    // The item on its own, under its section's heading.
    return [
      { blocks: sectionBlocks({ ...section, body: undefined, images: [], items: [found] }, ctx.locale) },
    ];
  },
});

import type { Block } from "../../render/blocks.ts";
import { requiredText } from "../args.ts";
import { sectionName } from "../issue-view.ts";
import { defineCommand } from "../registry.ts";
import { searchIssues } from "../search.ts";
import { displayDate } from "../time.ts";

const SHOWN = 8;

/** `/search <words>` / 搜索 亚马逊: items across stored issues, with the command that opens each. */
export const search = defineCommand({
  name: "search",
  aliases: ["find"],
  keywords: ["搜索", "查找", "搜"],
  keywordTakesArgs: true,
  where: ["group", "private"],
  help: "help.search",
  usage: "usage.search",
  args: requiredText(50),
  async run(ctx, query) {
    const { hits, total } = await searchIssues(ctx.store, query, { onOrBefore: ctx.today, limit: SHOWN });
    if (total === 0) return [{ blocks: [{ kind: "paragraph", text: ctx.t("search.none", { query }) }] }];
    const blocks: Block[] = [{ kind: "heading", text: ctx.t("search.heading", { query, count: total }) }];
    for (const hit of hits) {
      const where = ctx.t("search.where", {
        date: displayDate(hit.date, ctx.locale),
        section: sectionName({ key: hit.sectionKey, title: hit.sectionTitle }, ctx.locale),
      });
      blocks.push(
        { kind: "break" },
        { kind: "title", text: hit.title },
        { kind: "note", text: where },
        {
          kind: "command",
          text:
            hit.n === undefined
              ? `/section ${hit.sectionKey} ${hit.date}`
              : `/item ${hit.date} ${hit.sectionKey} ${hit.n}`,
        },
      );
    }
    if (total > hits.length)
      blocks.push({ kind: "break" }, { kind: "note", text: ctx.t("search.more", { shown: hits.length }) });
    blocks.push({ kind: "note", text: ctx.t("search.howToOpen") });
    return [{ blocks }];
  },
});

import { requiredText } from "../args.ts";
import { sectionName, sectionWord } from "../issue-view.ts";
import type { Block } from "../ports/index.ts";
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
    // A result names its section by the word a reader could type: the title for a hash-slug key.
    const words = new Map<string, string>();
    for (const hit of hits) {
      const at = `${hit.date}/${hit.edition}/${hit.sectionKey}`;
      if (words.has(at)) continue;
      const issue = await ctx.store.getIssue(hit.date, hit.edition);
      words.set(
        at,
        issue ? sectionWord(issue, { key: hit.sectionKey, title: hit.sectionTitle }) : hit.sectionKey,
      );
    }
    for (const hit of hits) {
      const word = words.get(`${hit.date}/${hit.edition}/${hit.sectionKey}`) ?? hit.sectionKey;
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
          text: hit.n === undefined ? `/section ${word} ${hit.date}` : `/item ${hit.date} ${word} ${hit.n}`,
        },
      );
    }
    if (total > hits.length)
      blocks.push({ kind: "break" }, { kind: "note", text: ctx.t("search.more", { shown: hits.length }) });
    blocks.push({ kind: "note", text: ctx.t("search.howToOpen") });
    return [{ blocks }];
  },
});

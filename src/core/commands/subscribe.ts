import { KNOWN_SECTIONS, normalizeWord, sectionKeyForAlias } from "../../domain/sections.ts";
import { wordList } from "../args.ts";
import { saveChat } from "../chat-record.ts";
import { findSection, latestIssue, sectionName } from "../issue-view.ts";
import { mayManageChat } from "../permissions.ts";
import { defineCommand } from "../registry.ts";
import { humanSchedule } from "../time.ts";
import type { CommandContext } from "../types.ts";

const ALL = new Set(["all", "全部", "所有", "全部栏目"]);

/** The sections a chat's subscription lists, as the reader's language names them. */
export async function describeSections(ctx: CommandContext, sections: "all" | string[]): Promise<string> {
  if (sections === "all") return ctx.t("common.allSections");
  const titles = await sectionTitles(ctx, sections);
  return sections
    .map((key) => sectionName({ key, title: titles.get(key) ?? key }, ctx.locale))
    .join(ctx.t("common.listSeparator"));
}

/**
 * The editor's titles of the sections a chat subscribed to, so a reader sees `品牌快报`, never its
 * key `s-b61lvp`: from the latest issue, else from the newest stored issue that has the section.
 */
async function sectionTitles(ctx: CommandContext, keys: string[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (const s of (await latestIssue(ctx))?.sections ?? []) titles.set(s.key, s.title);
  const missing = keys.filter((k) => !titles.has(k) && !KNOWN_SECTIONS.some((s) => s.key === k));
  if (missing.length === 0) return titles;
  const newestFirst = (await ctx.store.listIssues())
    .filter((i) => i.date <= ctx.today)
    .sort((a, b) => b.date.localeCompare(a.date));
  for (const key of missing) {
    const summary = newestFirst.find((i) => i.sections.includes(key));
    const issue = summary ? await ctx.store.getIssue(summary.date, summary.edition) : undefined;
    const title = issue?.sections.find((s) => s.key === key)?.title;
    if (title) titles.set(key, title);
  }
  return titles;
}

/** `/subscribe [sections…]` / 订阅 跨境 电商: the push on for this chat, for all or some sections. */
export const subscribe = defineCommand({
  name: "subscribe",
  aliases: ["sub"],
  keywords: ["订阅"],
  keywordTakesArgs: true,
  where: ["group", "private"],
  help: "help.subscribe",
  usage: "usage.subscribe",
  args: wordList(10),
  async run(ctx, words) {
    if (!(await mayManageChat(ctx.msg, ctx.config))) {
      return [{ blocks: [{ kind: "paragraph", text: ctx.t("common.notChatAdmin") }] }];
    }
    const issue = await latestIssue(ctx);
    const keys: string[] = [];
    let all = words.length === 0;
    for (const word of words) {
      if (ALL.has(normalizeWord(word))) {
        all = true;
        continue;
      }
      const key = sectionKeyForAlias(word) ?? (issue ? findSection(issue, word).section?.key : undefined);
      if (!key) {
        const choices = [
          ...KNOWN_SECTIONS.map((s) => s.key),
          ...(issue?.sections.map((s) => s.key) ?? []),
        ].filter((k, i, a) => a.indexOf(k) === i);
        const list = choices
          .map((k) =>
            sectionName({ key: k, title: issue?.sections.find((s) => s.key === k)?.title ?? k }, ctx.locale),
          )
          .join(ctx.t("common.listSeparator"));
        return [
          {
            blocks: [
              {
                kind: "paragraph",
                text: ctx.t("subscribe.unknownSection", { word: word.slice(0, 40), list }),
              },
              { kind: "note", text: ctx.t("usage.subscribe") },
            ],
          },
        ];
      }
      if (!keys.includes(key)) keys.push(key);
    }
    const sections = all ? "all" : keys;
    const saved = await saveChat(ctx, {
      subscribed: true,
      sections,
      // A message from a chat marked gone proves the bot is back in it; an admin's pause stays.
      ...(ctx.chat?.state === "inactive" ? { state: "active" as const } : {}),
    });
    const schedule = humanSchedule(ctx.config.pushAt, ctx.config.tz, ctx.locale);
    return [
      {
        blocks: [
          {
            kind: "paragraph",
            text: ctx.t("subscribe.done", { schedule, sections: await describeSections(ctx, sections) }),
          },
          ...(saved.state === "paused"
            ? [{ kind: "note" as const, text: ctx.t("subscribe.butPaused") }]
            : []),
        ],
      },
    ];
  },
});

import { z } from "zod";
import { text } from "../args.ts";
import { type DateWords, parseDateWords, resolveDate } from "../dates.ts";
import { defineCommand } from "../registry.ts";

/** `[date] [morning|evening]`, e.g. `2026-12-02`, `12月2日 morning`, or nothing (today's evening issue). */
const publishArgs = text(60).transform((s, ctx): { words?: DateWords; edition: "evening" | "morning" } => {
  const words = s.split(/\s+/).filter(Boolean);
  let edition: "evening" | "morning" = "evening";
  const last = words[words.length - 1]?.toLowerCase();
  if (last === "morning" || last === "evening" || last === "早报" || last === "晚报") {
    edition = last === "morning" || last === "早报" ? "morning" : "evening";
    words.pop();
  }
  if (words.length === 0) return { edition };
  const date = parseDateWords(words.join(" "));
  if (!date) {
    ctx.addIssue({ code: "custom", message: "args.notADate", input: s });
    return z.NEVER;
  }
  return { words: date, edition };
});

/**
 * Admin `/publish [date]`, `批准 2026-12-02`, or the preview's 批准推送 / Approve button: approves the
 * newest version of an issue (or its correction) through the approvals service.
 */
export const publish = defineCommand({
  name: "publish",
  keywords: ["批准", "批准推送"],
  keywordTakesArgs: true,
  where: ["group", "private"],
  admin: true,
  help: "help.publish",
  usage: "usage.publish",
  args: publishArgs,
  async run(ctx, args) {
    if (!ctx.admin?.approve) {
      ctx.outcome = "delivery not running";
      return [{ blocks: [{ kind: "paragraph", text: ctx.t("push.notRunning") }] }];
    }
    const stored = args.words ? (await ctx.store.listIssues()).map((i) => i.date) : [];
    const date = args.words ? resolveDate(args.words, ctx.today, stored) : ctx.today;
    const result = await ctx.admin.approve({ date, edition: args.edition, requestedBy: ctx.msg.senderId });
    ctx.outcome = `${result.outcome} ${date}-${args.edition}`;
    return [{ blocks: [{ kind: "paragraph", text: result.message }] }];
  },
});

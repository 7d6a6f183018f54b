import { z } from "zod";
import { type DateWords, parseDateWords } from "./dates.ts";

/**
 * Argument schemas shared by commands. Each takes the raw argument string (trimmed, width-folded)
 * and produces what the handler needs. Messages are catalogue keys: the router translates them.
 */

/** Anything, up to `max` characters (commands that ignore or re-read their arguments). */
export const text = (max = 200) => z.string().max(max, "args.tooLong");

/** Required free text such as search words. */
export const requiredText = (max: number) => z.string().min(1, "args.required").max(max, "args.tooLong");

/** Words separated by spaces, commas or 、 (`跨境 电商`, `cb,ec`). */
export const wordList = (maxWords: number) =>
  text(200)
    .transform((s) => s.split(/[\s,，、;；]+/).filter(Boolean))
    .refine((w) => w.length <= maxWords, "args.tooManyWords");

/** An optional date as readers write it (`2018-01-08`, `1月8日`, `1/8`, `Jan 8`). */
export const optionalDate = text(40).transform((s, ctx): DateWords | undefined => {
  if (s === "") return undefined;
  const words = parseDateWords(s);
  if (!words) {
    ctx.addIssue({ code: "custom", message: "args.notADate", input: s });
    return z.NEVER;
  }
  return words;
});

/** `/push [date] [force]`: the date as in optionalDate, and whether the admin said `force` (强制). */
export const pushArgs = text(48).transform((s, ctx): { date?: DateWords; force: boolean } => {
  const m = /^(.*?)\s*(?:^|\s)(force|强制)$/i.exec(s);
  const force = Boolean(m);
  const rest = (m ? (m[1] ?? "") : s).trim();
  if (rest === "") return { force };
  const date = parseDateWords(rest);
  if (!date) {
    ctx.addIssue({ code: "custom", message: "args.notADate", input: rest });
    return z.NEVER;
  }
  return { date, force };
});

/** A chat named by an admin: `<platform>:<id>`, or `here` / `本群` for the chat the command is sent in. */
export const optionalChatRef = text(120).transform((s, ctx): string | undefined => {
  if (s === "") return undefined;
  if (/^(here|this|本群|这里|当前)$/i.test(s)) return "here";
  if (!/^[a-z][a-z0-9]*:\S+$/.test(s)) {
    ctx.addIssue({ code: "custom", message: "args.chatId", input: s });
    return z.NEVER;
  }
  return s;
});

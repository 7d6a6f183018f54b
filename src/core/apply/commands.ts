import { z } from "zod";
import { text } from "../args.ts";
import type { Reply } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import type { CommandContext, ReviewCommand } from "../types.ts";
import { APPROVE_KEYWORD, idAndRest, REJECT_KEYWORD, rawReason } from "./words.ts";

/**
 * The merchant applications' review commands, registered like every other command so /help and the
 * platforms' command menus list them. The router checks who and where (admins only; in a group only
 * the admin chat, since the answers show applicants' shops) and audits; the review itself
 * (createApplications' `review`) keeps the feature's per-sender order, flood brake and privacy rules.
 */

async function review(ctx: CommandContext, cmd: ReviewCommand): Promise<Reply[]> {
  if (!ctx.applications) {
    ctx.outcome = "applications not running";
    return [{ blocks: [{ kind: "paragraph", text: ctx.t("apply.review.off") }] }];
  }
  return ctx.applications.review(ctx.msg, cmd, ctx.locale);
}

/** `12`, `#12`, `12 …`: the application number (what follows is ignored). */
const applicationId = text(400).transform((s, ctx): string => {
  const { id } = idAndRest(s);
  if (!id) {
    ctx.addIssue({ code: "custom", message: "apply.args.number", input: s });
    return z.NEVER;
  }
  return id;
});

/** The audit line of a review command: its name and the number, never a reason. */
const auditNumber = (name: string) => (raw: string) => `${name} ${idAndRest(raw).id ?? ""}`.trim();

/** Admin `/applications [status]`: the applications of one status (pending by default). */
export const applications = defineCommand({
  name: "applications",
  where: ["private", "admin-chat"],
  admin: true,
  help: "apply.help.applications",
  usage: "apply.list.usage",
  args: text(40),
  run: (ctx, status) => review(ctx, { kind: "list", status: status.toLowerCase() }),
});

/** Admin `/approve N`, `通过 N`, `批准 N`, or the notice's Approve button. */
export const approve = defineCommand({
  name: "approve",
  keywordPatterns: [APPROVE_KEYWORD],
  where: ["private", "admin-chat"],
  admin: true,
  help: "apply.help.approve",
  usage: "apply.review.usage",
  auditAs: auditNumber("approve"),
  args: applicationId,
  run: (ctx, id) => review(ctx, { kind: "approve", id }),
});

/**
 * Admin `/reject N reason`, `拒绝 N 原因`. The Reject button sends `/reject N` alone: the admin is
 * asked for the reason, and (in private) their next message is it. The reason is kept as typed,
 * full-width punctuation included, and never written to the audit log.
 */
export const reject = defineCommand({
  name: "reject",
  keywordPatterns: [REJECT_KEYWORD],
  where: ["private", "admin-chat"],
  admin: true,
  help: "apply.help.reject",
  usage: "apply.review.usage",
  auditAs: auditNumber("reject"),
  args: text(2000).transform((s, ctx): { id: string; reason: string } => {
    const { id, rest } = idAndRest(s);
    if (!id) {
      ctx.addIssue({ code: "custom", message: "apply.args.number", input: s });
      return z.NEVER;
    }
    return { id, reason: rest };
  }),
  run: (ctx, { id, reason }) =>
    review(ctx, { kind: "reject", id, reason: rawReason(ctx.msg.text, id, reason) }),
});

/**
 * `/forget`: an applicant's own data (private chat only), or `/forget N` by an admin listed in
 * PAPERBOY_ADMINS: one application's personal details. Anyone may ask for their own, so it is not
 * an admin command; the review checks the admin form itself.
 */
export const forget = defineCommand({
  name: "forget",
  where: ["group", "private"],
  help: "apply.help.forget",
  args: text(40).transform((s) => idAndRest(s).id),
  run: (ctx, id) => review(ctx, { kind: "forget", id }),
});

export const REVIEW_COMMANDS = [applications, approve, reject, forget] as const;

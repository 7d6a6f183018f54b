import type { Chat } from "../../domain/chat.ts";
import type { Edition, Issue } from "../../domain/issue.ts";
import { todayIn } from "../../domain/today.ts";
import { ledgerWrittenAt } from "../ledger.ts";
import { issueRenderer, planPush } from "../planner.ts";
import { reportReply, savePushReport } from "../report.ts";
import type { Job, JobContext, JobKind } from "./job.ts";
import { ledgerCounts, RESUME_WITHIN_DAYS } from "./resume.ts";

/** What starts a push: which issue, who asked, where the answer went. */
export interface PushOptions {
  /** The issue's date (default: today in the publisher's timezone). */
  date?: string;
  edition?: Edition;
  /** Who asked (`schedule`, `cli`, `telegram:42`), for the report. */
  requestedBy?: string;
  /** The admin who asked: told of the report when no admin chat is configured. */
  replyTo?: string;
  /**
   * The chat the caller answers itself (`/push` replies to the admin who asked). When this run has
   * nothing to send (no issue, paused, no chats, already pushed), no report goes to that chat, since
   * the answer already says why: one message, not two. Other admin targets are still told.
   */
  answeredIn?: string;
  /**
   * Push although the issue was pushed and its ledger is gone or cut short: every chat may get it a
   * second time. Only on an admin's explicit word (`/push <date> force`, `paperboy push --force`).
   */
  force?: boolean;
  /**
   * Resuming after a crash or a stop: when the ledger still holds all of the last plan (as many
   * records as `planned` counted), that plan is the push and it is not worked out again. At 100,000
   * chats planning again took as long as reading the ledger back, for nothing: every line was there.
   */
  resume?: boolean;
}

/** A push job as the supervisor shows it (the desk reads which date is being pushed). */
export interface PushJob extends Job {
  readonly kind: "push";
  readonly opts: PushOptions;
}

/** How many records the ledger of an issue held after its last plan (a shorter ledger was cut). */
const ledgerSizeKey = (issueId: string) => `ledger-records:${issueId}`;

/** The ledger id of an issue's push. */
export const pushId = (date: string, edition: Edition) => `${date}-${edition}`;

/**
 * The push of one issue to every chat that takes it: one record per (section, part, chat), the
 * issue marked pushed once planned, a pause between sections in one chat; the report under the
 * issue (and as the last push's), to the admin chat or the admin who asked.
 */
export function pushJob(ctx: JobContext, opts: PushOptions): PushJob {
  const { store, config, log } = ctx;
  const date = opts.date ?? todayIn(config.tz, new Date(ctx.clock.now()));
  const edition = opts.edition ?? "evening";
  const id = pushId(date, edition);
  let issue: Issue | undefined;
  let pushedAt: string | undefined;
  let existed = false;
  /** Whether the ledger holds all of the last plan made for this issue. */
  let planOnDisk = false;
  return {
    kind: "push",
    id,
    opts,
    locks: [id],
    requestedBy: opts.requestedBy,
    replyTo: opts.replyTo,
    answeredIn: opts.answeredIn,
    sectionGapMs: config.sectionGapSeconds * 1000,
    sendsWhilePlanIsWritten: true,
    label: () => ({ date, edition, title: issue?.title }),
    async precheck() {
      issue = await store.getIssue(date, edition);
      if (!issue) {
        log.warn({ date, edition }, "no issue for the day: nothing sent");
        return "no-issue";
      }
      pushedAt = (await store.listIssues()).find((s) => s.date === date && s.edition === edition)?.pushedAt;
      // Asked before the ledger is opened: opening it creates it.
      existed = (await ledgerWrittenAt(config.dataDir, id, ctx.ledger)) !== undefined;
      return undefined;
    },
    async guard(ledger) {
      // Pushed before, but the ledger that says who got it is gone or shorter than it was: planning
      // now would send the whole issue again to every chat. Only an explicit force does that.
      const counted = await store.getSetting<number>(ledgerSizeKey(id));
      const expected = counted ?? (existed ? 0 : 1);
      planOnDisk = counted !== undefined && counted > 0 && ledger.all().length >= counted;
      if (!pushedAt || opts.force || ledger.all().length >= expected) return undefined;
      log.warn(
        { issueId: id, pushedAt, records: ledger.all().length, expected },
        "ledger missing: not pushed again",
      );
      return "ledger-missing";
    },
    async plan() {
      if (opts.resume && planOnDisk) {
        log.info({ issueId: id }, "resuming from the plan in the ledger: nothing planned again");
        return [];
      }
      const current = issue as Issue;
      const adapters = new Map(ctx.adapters.map((a) => [a.platform, a]));
      const chats = (await store.listChats()).filter((c: Chat) => adapters.has(c.platform));
      return planPush(current, chats, issueRenderer(current, adapters, config));
    },
    async planned(_ledger, records) {
      // Only once the plan is on disk: a crash before leaves the issue unpushed and the push is
      // resumed, re-planned; a count above what the file holds would refuse that as a lost ledger.
      // Together: the store writes both in one rewrite of its main file (at 10,000 chats ~50 ms each).
      await Promise.all([
        store.setSetting(ledgerSizeKey(id), records),
        store.markIssuePushed(date, edition, new Date(ctx.clock.now()).toISOString()),
      ]);
    },
    save: (report) => savePushReport(store, report),
    reply: (report, locale) => reportReply(report, locale),
  };
}

const PUSH_LEDGER = /^(\d{4}-\d{2}-\d{2})-(evening|morning)$/;

export const pushKind: JobKind = {
  name: "push",
  oneAtATime: true,
  /**
   * "Recent" is judged by when the ledger was last written (every plan and mark appends to it), not
   * by the issue's date: an admin may `/push` an older issue, and a crash in the middle of that push
   * must be resumed (and reported) like any other.
   */
  async resume(ctx, id) {
    const m = PUSH_LEDGER.exec(id);
    if (!m) return undefined;
    const written = await ledgerWrittenAt(ctx.config.dataDir, id, ctx.ledger);
    if (written === undefined || written < ctx.clock.now() - RESUME_WITHIN_DAYS * 86_400_000)
      return undefined;
    const { pending, records } = await ledgerCounts(ctx, id);
    // No record at all, and the issue not marked pushed: the process died before its plan was on
    // disk (the first sends go while it is written), so the push is planned again.
    const unplanned =
      records === 0 &&
      !(await ctx.store.listIssues()).some((s) => s.date === m[1] && s.edition === m[2] && s.pushedAt);
    if (pending === 0 && !unplanned) return undefined;
    return pushJob(ctx, { date: m[1], edition: m[2] as Edition, requestedBy: "resume", resume: true });
  },
};

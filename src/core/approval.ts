import { createHash } from "node:crypto";
import type { Config } from "../config.ts";
import { previousFire } from "../delivery/scheduler.ts";
import { type Edition, type Issue, issueId } from "../domain/issue.ts";
import { todayIn } from "../domain/today.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import { approvalPreview, correctionPreview, type PartCounts } from "./approval-preview.ts";
import { t } from "./i18n/index.ts";
import { diffIssues, type SectionChange } from "./issue-diff.ts";
import type { Reply } from "./ports/index.ts";
import { humanSchedule } from "./time.ts";

/** One record per issue (`<date>-<edition>`): the versions seen, approved and delivered. */
export const ISSUE_VERSIONS = "issue-versions";

export interface IssueVersion {
  id: string;
  date: string;
  edition: Edition;
  /** The content hash of the newest version the bot has seen. */
  hash: string;
  /** Where that version came from (the article's URL, `import`, `desk`). */
  source?: string;
  /** The version an admin approved (or `auto` did). Only that version is pushed. */
  approvedHash?: string;
  approvedBy?: string;
  approvedAt?: string;
  /** The version whose preview went to the admins (sent once per version). */
  previewedHash?: string;
  /** What the chats have: the version pushed, or corrected to since. */
  deliveredHash?: string;
  delivered?: Issue;
  /** When a scheduled push was held back for want of approval (a later approval pushes at once). */
  heldAt?: string;
}

/** A content hash of an issue: equal content, equal hash, whatever order the JSON keys came in. */
export function issueHash(issue: Issue): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash("sha256")
    .update(JSON.stringify(canonical(issue)))
    .digest("hex");
}

export interface ApprovalDeps {
  store: Store;
  config: Config;
  log: Logger;
  now?: () => Date;
  /** Tells the admins (the admin chat, else each admin privately). */
  notifyAdmins(reply: Reply): Promise<void>;
  /** Messages per platform per section, for the preview. */
  countParts(issue: Issue): PartCounts;
  /** Starts a push of the issue now (an approval after its scheduled time). */
  pushNow(
    date: string,
    edition: Edition,
    requestedBy: string,
  ): Promise<{ started: boolean; message: string }>;
  /** Corrects what the chats were sent to this version; resolves when the correction is over. */
  correct(issue: Issue, version: string, changes: SectionChange[], requestedBy: string): Promise<void>;
}

export type ApproveOutcome = "approved" | "pushing" | "correcting" | "already" | "no-issue" | "not-required";

export interface ApproveResult {
  outcome: ApproveOutcome;
  /** A sentence for the admin, in the bot's language. */
  message: string;
}

/**
 * Approval before the push and corrections after it, as one core service the chat commands, the
 * scheduler and (later) the web desk call. Every version of an issue the bot sees (fetched, imported,
 * saved elsewhere) goes through `observe`: with PAPERBOY_APPROVAL=required a new issue is previewed
 * to the admins and waits; a pushed issue that changed is worked out part by part and, once approved
 * (at once with `auto`), corrected in the chats.
 */
export class Approvals {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly corrections = new Set<Promise<void>>();

  constructor(private readonly deps: ApprovalDeps) {}

  get required(): boolean {
    return this.deps.config.approval === "required";
  }

  private get locale() {
    return this.deps.config.locale;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** One change at a time: the watcher, a fetch and an admin's approval may arrive together. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private records() {
    return this.deps.store.collection<IssueVersion>(ISSUE_VERSIONS);
  }

  status(date: string, edition: Edition = "evening"): Promise<IssueVersion | undefined> {
    return this.records().get(`${date}-${edition}`);
  }

  /** Issues and corrections waiting for an admin (for the desk). */
  async pending(): Promise<IssueVersion[]> {
    if (!this.required) return [];
    return (await this.records().list()).filter((r) => r.approvedHash !== r.hash);
  }

  /** Settles when every correction started so far is over (tests, stop). */
  async idle(): Promise<void> {
    await this.queue;
    await Promise.all([...this.corrections]);
  }

  private async pushedAt(issue: Pick<Issue, "date" | "edition">): Promise<string | undefined> {
    const summary = (await this.deps.store.listIssues()).find(
      (i) => i.date === issue.date && i.edition === issue.edition,
    );
    return summary?.pushedAt;
  }

  private preview(issue: Issue, source?: string): Reply {
    return approvalPreview(issue, {
      config: this.deps.config,
      locale: this.locale,
      counts: this.deps.countParts(issue),
      source,
    });
  }

  /** Sees a version of an issue: previews it, or works out and starts (or asks for) its correction. */
  observe(issue: Issue, source?: string): Promise<void> {
    return this.serial(async () => {
      const id = issueId(issue);
      const hash = issueHash(issue);
      const prev = await this.records().get(id);
      if (prev?.hash === hash) return;
      const base: IssueVersion = {
        ...(prev ?? { id, date: issue.date, edition: issue.edition }),
        hash,
        source,
      };
      if (!(await this.pushedAt(issue))) {
        if (!this.required) return this.records().put({ ...base, approvedHash: hash, approvedBy: "auto" });
        await this.records().put({ ...base, previewedHash: hash });
        this.deps.log.info({ issue: id, source }, "issue awaits approval: preview sent to the admins");
        return this.deps.notifyAdmins(this.preview(issue, source));
      }
      const before = prev?.delivered;
      const changes = before ? diffIssues(before, issue) : [];
      if (!before || changes.length === 0) {
        // Nothing to compare with (pushed before this bot kept versions), or nothing readers would see.
        return this.records().put({ ...base, delivered: issue, deliveredHash: hash, approvedHash: hash });
      }
      this.deps.log.info({ issue: id, changes: changes.length }, "a pushed issue changed");
      if (this.required) {
        await this.records().put({ ...base, previewedHash: hash });
        return this.deps.notifyAdmins(
          correctionPreview(issue, changes, {
            config: this.deps.config,
            locale: this.locale,
            counts: {},
            source,
          }),
        );
      }
      await this.records().put({ ...base, approvedHash: hash, approvedBy: "auto" });
      this.startCorrection(issue, hash, changes, "auto");
    });
  }

  private startCorrection(issue: Issue, hash: string, changes: SectionChange[], by: string): void {
    const run = this.deps
      .correct(issue, hash, changes, by)
      .then(() =>
        this.records().update(issueId(issue), (r) =>
          r ? { ...r, delivered: issue, deliveredHash: hash } : r,
        ),
      )
      .then(
        () => undefined,
        (err: unknown) => this.deps.log.error({ err, issue: issueId(issue) }, "the correction failed"),
      );
    this.corrections.add(run);
    void run.finally(() => this.corrections.delete(run));
  }

  /** The scheduled push's gate: only an approved version goes out; otherwise the admins are reminded. */
  allowScheduledPush(date: string, edition: Edition): Promise<boolean> {
    return this.serial(async () => {
      const issue = await this.deps.store.getIssue(date, edition);
      if (!issue) return true; // the push itself reports that there is no issue
      const hash = issueHash(issue);
      const id = issueId(issue);
      const rec = (await this.records().get(id)) ?? { id, date, edition, hash };
      if (!this.required || rec.approvedHash === hash) {
        await this.records().put(this.delivering({ ...rec, hash }, issue, hash));
        return true;
      }
      await this.records().put({ ...rec, hash, heldAt: this.now().toISOString(), previewedHash: hash });
      this.deps.log.warn({ issue: id }, "the scheduled push is held: the issue is not approved");
      await this.deps.notifyAdmins({
        blocks: [{ kind: "paragraph", text: t(this.locale, "approval.reminder", { date }) }],
        locale: this.locale,
      });
      if (rec.previewedHash !== hash) await this.deps.notifyAdmins(this.preview(issue, rec.source));
      return false;
    });
  }

  /** The first push records what the chats get, so a later version can be compared with it. */
  private delivering(rec: IssueVersion, issue: Issue, hash: string): IssueVersion {
    return rec.deliveredHash ? rec : { ...rec, delivered: issue, deliveredHash: hash };
  }

  /** A push an admin or the operator asked for (/push, `paperboy push`): it counts as approval. */
  async notePush(date: string, edition: Edition, requestedBy: string): Promise<void> {
    const issue = await this.deps.store.getIssue(date, edition);
    if (!issue) return;
    const changed = await this.serial(async () => {
      const hash = issueHash(issue);
      const id = issueId(issue);
      const rec = (await this.records().get(id)) ?? { id, date, edition, hash };
      const approved = {
        ...rec,
        hash,
        approvedHash: hash,
        approvedBy: requestedBy,
        approvedAt: this.now().toISOString(),
      };
      const pushed = await this.pushedAt(issue);
      if (pushed && rec.delivered && rec.deliveredHash !== hash) {
        await this.records().put(approved);
        return { hash, changes: diffIssues(rec.delivered, issue) };
      }
      await this.records().put(this.delivering(approved, issue, hash));
      return undefined;
    });
    // A changed issue that was pushed: the chats' messages are corrected before anything new goes out.
    if (changed && changed.changes.length > 0) {
      this.startCorrection(issue, changed.hash, changed.changes, requestedBy);
      await this.idle();
    }
  }

  /** An admin approves the newest version of an issue (or its correction). */
  async approve(date: string, edition: Edition, by: string): Promise<ApproveResult> {
    const L = this.locale;
    if (!this.required) return { outcome: "not-required", message: t(L, "approval.notRequired") };
    const issue = await this.deps.store.getIssue(date, edition);
    if (!issue) return { outcome: "no-issue", message: t(L, "approval.noIssue", { date }) };
    const decided = await this.serial(async () => {
      const hash = issueHash(issue);
      const id = issueId(issue);
      const rec = (await this.records().get(id)) ?? { id, date, edition, hash };
      if (rec.approvedHash === hash && rec.hash === hash) return { kind: "already" as const };
      const approved: IssueVersion = {
        ...rec,
        hash,
        approvedHash: hash,
        approvedBy: by,
        approvedAt: this.now().toISOString(),
      };
      const pushed = await this.pushedAt(issue);
      if (pushed) {
        await this.records().put(approved);
        const changes = rec.delivered && rec.deliveredHash !== hash ? diffIssues(rec.delivered, issue) : [];
        return changes.length > 0
          ? { kind: "correct" as const, hash, changes }
          : { kind: "already" as const };
      }
      await this.records().put(approved);
      return { kind: "approved" as const, late: Boolean(rec.heldAt) || this.pastScheduledTime(date) };
    });
    this.deps.log.info({ issue: `${date}-${edition}`, by, decided: decided.kind }, "approval");
    if (decided.kind === "already")
      return { outcome: "already", message: t(L, "approval.alreadyApproved", { date }) };
    if (decided.kind === "correct") {
      this.startCorrection(issue, decided.hash, decided.changes, by);
      return { outcome: "correcting", message: t(L, "approval.approvedCorrecting", { date }) };
    }
    if (decided.late) {
      const r = await this.deps.pushNow(date, edition, by);
      return { outcome: "pushing", message: t(L, "approval.approvedPushing", { date, message: r.message }) };
    }
    const schedule = humanSchedule(this.deps.config.pushAt, this.deps.config.tz, L);
    return { outcome: "approved", message: t(L, "approval.approved", { date, schedule }) };
  }

  /** Whether today's scheduled push time has already passed for an issue of today. */
  private pastScheduledTime(date: string): boolean {
    const { config } = this.deps;
    const now = this.now();
    if (date !== todayIn(config.tz, now)) return false;
    const fired = previousFire(config.pushAt, config.tz, now);
    return fired !== undefined && todayIn(config.tz, fired) === date;
  }
}

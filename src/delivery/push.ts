import type { Config } from "../config.ts";
import type { Block, PlatformAdapter, Reply } from "../core/ports/index.ts";
import { type Chat, type Platform, parseChatId } from "../domain/chat.ts";
import type { Edition, Issue } from "../domain/issue.ts";
import { todayIn } from "../domain/today.ts";
import { imagePolicy } from "../images/index.ts";
import type { Logger } from "../log.ts";
import { footerBlocks, headlineBlocks, sectionBlocks } from "../render/issue-blocks.ts";
import type { Store } from "../store/store.ts";
import type { Clock } from "./clock.ts";
import type { Dispatcher } from "./dispatcher.ts";
import { Ledger, type LedgerOptions, ledgerWrittenAt } from "./ledger.ts";
import { skipWhatCannotGo } from "./plan-checks.ts";
import { cachedRenderer, HEADLINES, planPush, type SectionRenderer } from "./planner.ts";
import { buildReport, emptyReport, type PushReport, reportReply, savePushReport } from "./report.ts";
import { PushWorker, type WorkerProgress } from "./worker.ts";

/** The store setting an admin's `/pause` sets: while true, no push starts. */
/** The setting read before every push: true stops all pushes (admins set it with /pause). */
export const PAUSED_SETTING = "paused";

export interface PushContext {
  store: Store;
  dispatcher: Dispatcher;
  adapters: PlatformAdapter[];
  config: Config;
  log: Logger;
  clock: Clock;
  ledger?: LedgerOptions;
}

export interface PushOptions {
  /** The issue's date (default: today in the publisher's timezone). */
  date?: string;
  edition?: Edition;
  /** Who asked (`schedule`, `cli`, `telegram:42`), for the report. */
  requestedBy?: string;
  /** Where the report goes when no admin chat is configured (the admin who asked). */
  replyTo?: string;
  /** Called once the plan is on disk, before the first send. */
  onPlanned?: (info: PlannedInfo) => void;
  /**
   * The chat the caller answers itself (`/push` replies to the admin who asked). When this run has
   * nothing to send (no issue, paused, no chats, already pushed), no report goes to that chat, since
   * the answer already says why: one message, not two. Other admin targets are still told.
   */
  answeredIn?: string;
  onProgress?: (p: WorkerProgress) => void;
  /**
   * Push although the issue was pushed and its ledger is gone or cut short: every chat may get it a
   * second time. Only on an admin's explicit word (`/push <date> force`, `paperboy push --force`).
   */
  force?: boolean;
}

/** How many records the ledger of an issue held after its last plan (a shorter ledger was cut). */
const ledgerSizeKey = (issueId: string) => `ledger-records:${issueId}`;

export interface PlannedInfo {
  issueId: string;
  /** Records added by this run (0 when resuming or re-running a finished push). */
  added: number;
  /** Messages left to send, in how many chats. */
  pending: number;
  chats: number;
}

/** Renders an issue's sections with each chat's adapter and language; the footer closes the last section. */
export function issueRenderer(
  issue: Issue,
  adapters: Map<Platform, PlatformAdapter>,
  config: Config,
): SectionRenderer {
  const last = issue.sections[issue.sections.length - 1];
  return cachedRenderer((chat, key) => {
    const adapter = adapters.get(chat.platform);
    if (!adapter) return [];
    const locale = chat.locale ?? config.locale;
    let blocks: Block[];
    if (key === HEADLINES) {
      blocks = headlineBlocks(issue, locale);
    } else {
      const section = issue.sections.find((s) => s.key === key);
      if (!section) return [];
      blocks = sectionBlocks(section, locale);
      if (section === last) blocks.push(...footerBlocks(issue));
    }
    return adapter.render({ blocks });
  });
}

/**
 * Runs one push of one issue: writes the plan to the ledger (only what is not planned yet, so a
 * re-run or a resume never plans a message twice), marks the issue pushed, sends through the
 * worker, and reports to the admins. The returned promise settles when the push is over (or
 * stopped); `worker` is exposed so the caller can stop it.
 */
export class PushRun {
  private worker: PushWorker | undefined;
  private stopped = false;
  /** Whether this run found anything to send once planned. */
  private hadWork = false;

  constructor(
    private readonly ctx: PushContext,
    readonly opts: PushOptions,
  ) {}

  get progress(): WorkerProgress | undefined {
    return this.worker?.progress;
  }

  stop(): void {
    this.stopped = true;
    this.worker?.stop();
  }

  async run(): Promise<PushReport> {
    const { store, config, log, clock } = this.ctx;
    const startedAt = new Date(clock.now());
    const date = this.opts.date ?? todayIn(config.tz, startedAt);
    const edition = this.opts.edition ?? "evening";
    const requestedBy = this.opts.requestedBy;
    if (await store.getSetting<boolean>(PAUSED_SETTING)) {
      log.info({ date, edition }, "pushes are paused: nothing sent");
      return this.finish(emptyReport({ date, edition, status: "paused", requestedBy, at: startedAt }));
    }
    const issue = await store.getIssue(date, edition);
    if (!issue) {
      log.warn({ date, edition }, "no issue for the day: nothing sent");
      return this.finish(emptyReport({ date, edition, status: "no-issue", requestedBy, at: startedAt }));
    }
    const id = `${date}-${edition}`;
    const pushedAt = (await store.listIssues()).find(
      (s) => s.date === date && s.edition === edition,
    )?.pushedAt;
    const existed = (await ledgerWrittenAt(config.dataDir, id)) !== undefined;
    const ledger = await Ledger.open(config.dataDir, id, this.ctx.ledger);
    try {
      // Pushed before, but the ledger that says who got it is gone or shorter than it was: planning
      // now would send the whole issue again to every chat. Only an explicit force does that.
      const expected = (await store.getSetting<number>(ledgerSizeKey(id))) ?? (existed ? 0 : 1);
      if (pushedAt && !this.opts.force && ledger.all().length < expected) {
        log.warn(
          { issueId: id, pushedAt, records: ledger.all().length, expected },
          "ledger missing: not pushed again",
        );
        return await this.finish(
          emptyReport({ date, edition, status: "ledger-missing", requestedBy, at: startedAt }),
        );
      }
      const adapters = new Map(this.ctx.adapters.map((a) => [a.platform, a]));
      const chats = (await store.listChats()).filter((c: Chat) => adapters.has(c.platform));
      const entries = planPush(issue, chats, issueRenderer(issue, adapters, config));
      const added = await ledger.plan(entries);
      await store.setSetting(ledgerSizeKey(id), ledger.all().length);
      await skipWhatCannotGo(ledger, {
        images: imagePolicy(config),
        maxPartsPerChat: config.maxPartsPerChat,
        log,
      });
      const pending = ledger.pending();
      await store.markIssuePushed(date, edition, startedAt.toISOString());
      const info: PlannedInfo = {
        issueId: ledger.issueId,
        added: added.length,
        pending: pending.length,
        chats: new Set(pending.map((r) => r.chatId)).size,
      };
      log.info(info, "push planned");
      this.opts.onPlanned?.(info);
      if (ledger.all().length === 0) {
        return this.finish(
          emptyReport({ date, edition, status: "nothing-to-send", requestedBy, at: startedAt }),
        );
      }
      this.hadWork = pending.length > 0;
      // Recorded now, so `paperboy status <date>` knows of the push while it runs, and after a crash.
      if (this.hadWork)
        await this.save(
          buildReport({
            ledger,
            date,
            edition,
            title: issue.title,
            status: "running",
            requestedBy,
            startedAt,
            finishedAt: startedAt,
          }),
        );
      this.worker = new PushWorker({
        ledger,
        dispatcher: this.ctx.dispatcher,
        store,
        log,
        clock,
        sectionGapMs: config.sectionGapSeconds * 1000,
        imageHint: config.imageBaseUrl ? undefined : "set PAPERBOY_IMAGE_BASE_URL",
        onProgress: this.opts.onProgress,
      });
      if (this.stopped) this.worker.stop();
      const result = await this.worker.run();
      if (result.ledgerLost) {
        log.error({ err: result.ledgerLost }, "the ledger disappeared mid-push: push stopped");
        const report = buildReport({
          ledger,
          date,
          edition,
          title: issue.title,
          status: "ledger-lost",
          requestedBy,
          startedAt,
          finishedAt: new Date(clock.now()),
          worker: result,
        });
        return await this.finish(report);
      }
      await ledger.flush();
      const report = buildReport({
        ledger,
        date,
        edition,
        title: issue.title,
        status: result.stopped ? "stopped" : "done",
        requestedBy,
        startedAt,
        finishedAt: new Date(clock.now()),
        worker: result,
      });
      log.info({ ...report.messages, chatsReached: report.chatsReached, ms: report.durationMs }, "push over");
      return await this.finish(report);
    } finally {
      await ledger.close();
    }
  }

  private async save(report: PushReport): Promise<void> {
    try {
      await savePushReport(this.ctx.store, report);
    } catch (err) {
      this.ctx.log.error({ err }, "could not store the push report");
    }
  }

  private async finish(report: PushReport): Promise<PushReport> {
    await this.save(report);
    // A stopped push resumes on the next start and reports then.
    if (report.status === "stopped") return report;
    // The caller's answer already says why nothing was sent: no second message in that chat.
    const except = this.hadWork ? undefined : this.opts.answeredIn;
    await notifyAdmins(this.ctx, reportReply(report, this.ctx.config.locale), this.opts.replyTo, except);
    return report;
  }
}

/**
 * Sends a reply to the admin chat, else to the admin who asked, else to every admin in private;
 * never to `except` (a chat already answered).
 */
export async function notifyAdmins(
  ctx: PushContext,
  reply: Reply,
  replyTo?: string,
  except?: string,
): Promise<void> {
  const { config, log, dispatcher } = ctx;
  const targets = config.adminChat ? [config.adminChat] : replyTo ? [replyTo] : config.admins;
  for (const target of targets) {
    if (target === except) continue;
    let platform: Platform;
    try {
      platform = parseChatId(target).platform;
    } catch {
      continue;
    }
    const adapter = ctx.adapters.find((a) => a.platform === platform);
    if (!adapter) continue;
    try {
      for (const part of adapter.render(reply)) await dispatcher.send(target, part, { priority: "reply" });
    } catch (err) {
      log.warn({ err, target }, "could not tell an admin");
    }
  }
}

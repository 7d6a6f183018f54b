import type { Platform } from "../../domain/chat.ts";
import { imagePolicy } from "../../images/index.ts";
import { Ledger } from "../ledger.ts";
import { PAUSED_SETTING } from "../paused.ts";
import { skipWhatCannotGo } from "../plan-checks.ts";
import { buildReport, emptyReport, type JobReport, type PushStatus } from "../report.ts";
import { JobWorker, type WorkerProgress, type WorkerResult } from "../worker.ts";
import type { Job, JobContext, PlannedInfo, RunHooks } from "./job.ts";
import { tellAdmins } from "./notify.ts";

/**
 * The one delivery pipeline, for every kind of job: the global pause, the kind's own checks, the
 * plan written to the job's ledger (only what the ledger lacks, so a re-run or a resume never plans
 * a message twice; before any send, or beside the first ones for a kind that allows it), the
 * pre-send checks, the worker (through the one dispatcher and limiter; nothing marked sent is sent
 * again), the report (counted from the ledger, saved as "running" once the plan is on disk so
 * `paperboy status` sees a push in flight or a crashed one), and the
 * admins told by the one rule. `run()` settles when the job is over or stopped.
 */
export class JobRun {
  private worker: JobWorker | undefined;
  private stopped = false;
  /** Whether the plan left anything to send: a run with nothing to send spares `answeredIn`. */
  private hadWork = false;
  private readonly startedAt: Date;

  constructor(
    private readonly ctx: JobContext,
    readonly job: Job,
    private readonly hooks: RunHooks = {},
  ) {
    this.startedAt = new Date(ctx.clock.now());
  }

  get progress(): WorkerProgress | undefined {
    return this.worker?.progress;
  }

  stop(): void {
    this.stopped = true;
    this.worker?.stop();
  }

  async run(): Promise<JobReport> {
    const { store, log } = this.ctx;
    const { job } = this;
    try {
      if (await store.getSetting<boolean>(PAUSED_SETTING)) {
        log.info({ job: job.id, kind: job.kind }, "pushes are paused: nothing sent");
        return await this.finish(this.empty("paused"));
      }
      const early = await job.precheck?.();
      if (early) return await this.finish(this.empty(early));
      const ledger = await Ledger.open(this.ctx.config.dataDir, job.id, this.ctx.ledger);
      try {
        return await this.withLedger(ledger);
      } finally {
        await ledger.close();
      }
    } finally {
      await job.dispose?.();
    }
  }

  private async withLedger(ledger: Ledger): Promise<JobReport> {
    const { config, log, clock, store } = this.ctx;
    const { job } = this;
    const refused = await job.guard?.(ledger);
    if (refused) return this.finish(this.empty(refused));
    const { added, durable: planWritten } = ledger.stagePlan(await job.plan(ledger));
    if (!job.sendsWhilePlanIsWritten) await ledger.flush();
    const records = ledger.all().length;
    const checks = await skipWhatCannotGo(ledger, {
      images: imagePolicy(config),
      maxPartsPerChat: config.maxPartsPerChat,
      log,
    });
    const pending = ledger.pending();
    const chatIds = new Set(pending.map((r) => r.chatId));
    const perPlatform: Partial<Record<Platform, number>> = {};
    for (const id of chatIds) {
      const p = id.slice(0, id.indexOf(":")) as Platform;
      perPlatform[p] = (perPlatform[p] ?? 0) + 1;
    }
    const info: PlannedInfo = {
      issueId: job.id,
      added: added.length,
      pending: pending.length,
      chats: chatIds.size,
      perPlatform,
    };
    this.hadWork = pending.length > 0;
    // The first sends go while the plan is written (see Ledger.stagePlan); what needs the plan on
    // disk (the kind's `planned`: the push's pushed mark) and the "running" report (for `status`
    // and the desk; the ledger is what a crash resumes from) follow it, beside the sends.
    const onDisk = Promise.all([planWritten, checks.durable]).then(async () => {
      await job.planned?.(ledger, records);
      if (this.hadWork) await this.save(this.report(ledger, "running"));
    });
    // A failed write has stopped the ledger (the worker reports it); the rest is logged here.
    const afterPlan = onDisk.catch((err) => {
      if (!ledger.lostError) log.error({ err, job: job.id }, "could not record the plan's outcome");
    });
    log.info({ ...info, kind: job.kind }, `${job.kind} planned`);
    this.hooks.onPlanned?.(info);
    if (ledger.all().length === 0) {
      await afterPlan;
      return this.finish(this.empty("nothing-to-send"));
    }
    this.worker = new JobWorker({
      ledger,
      dispatcher: this.ctx.dispatcher,
      store,
      log,
      clock,
      sectionGapMs: job.sectionGapMs ?? 0,
      imageHint: config.imageBaseUrl ? undefined : "set PAPERBOY_IMAGE_BASE_URL",
      onProgress: this.hooks.onProgress,
    });
    if (this.stopped) this.worker.stop();
    const running = this.worker.run();
    // The worker's first sends are on their way (granted and written within this turn); the plan
    // (~8 MB at 10,000 chats) is written after them, unless the first marks' batch started it already.
    setImmediate(() => void ledger.flush().catch(() => {}));
    const result = await running;
    await afterPlan;
    if (result.ledgerLost) {
      log.error({ err: result.ledgerLost, job: job.id }, "the ledger disappeared mid-job: job stopped");
      return this.finish(this.report(ledger, "ledger-lost", result));
    }
    await ledger.flush();
    await job.settle?.(ledger, result);
    const report = this.report(ledger, result.stopped ? "stopped" : "done", result);
    log.info(
      { job: job.id, ...report.messages, chatsReached: report.chatsReached, ms: report.durationMs },
      `${job.kind} over`,
    );
    return this.finish(report);
  }

  private empty(status: PushStatus): JobReport {
    const { job } = this;
    return emptyReport({
      ...job.label(),
      kind: job.kind,
      issueId: job.id,
      status,
      requestedBy: job.requestedBy,
      at: this.startedAt,
    });
  }

  private report(ledger: Ledger, status: PushStatus, worker?: WorkerResult): JobReport {
    const { job } = this;
    return buildReport({
      ...job.label(),
      kind: job.kind,
      ledger,
      status,
      requestedBy: job.requestedBy,
      startedAt: this.startedAt,
      finishedAt: new Date(this.ctx.clock.now()),
      worker,
    });
  }

  private async save(report: JobReport): Promise<void> {
    try {
      await this.job.save(report);
    } catch (err) {
      this.ctx.log.error({ err, job: this.job.id }, "could not store the job's report");
    }
  }

  private async finish(report: JobReport): Promise<JobReport> {
    await this.save(report);
    // A stopped job resumes on the next start and reports then.
    if (report.status === "stopped") return report;
    const reply = this.job.reply(report, this.ctx.config.locale);
    // The caller's answer already says why nothing was sent: no second message in that chat.
    const except = this.hadWork ? undefined : this.job.answeredIn;
    await tellAdmins(this.ctx, reply, { replyTo: this.job.replyTo, except });
    return report;
  }
}

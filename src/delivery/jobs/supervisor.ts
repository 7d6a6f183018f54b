import { ledgerWrittenAt, listLedgers } from "../ledger.ts";
import type { JobKindName, JobReport } from "../report.ts";
import type { WorkerProgress } from "../worker.ts";
import type { Job, JobContext, JobKind, RunHooks } from "./job.ts";
import { JobRun } from "./pipeline.ts";

/** A job the supervisor runs: what it is, how far it got, when it is over. */
export interface RunningJob<J extends Job = Job> {
  readonly job: J;
  readonly progress: WorkerProgress | undefined;
  /** The job's report; then whatever its follow-up job did has finished too. */
  readonly done: Promise<JobReport>;
  stop(): void;
}

/**
 * The one supervisor of delivery jobs: launches them, tracks them, resumes what a crash or a stop
 * left unfinished (from the ledgers), and stops them. Jobs that open the same ledger run one after
 * the other (a correction waits for the push of its issue); jobs of a one-at-a-time kind (pushes)
 * are the caller's to hold back while one runs; everything else runs side by side, paced by the one
 * dispatcher.
 */
export class Supervisor {
  private readonly jobs = new Map<RunningJob, JobRun | undefined>();
  /** The tail of each ledger's queue of jobs. */
  private readonly locks = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly ctx: JobContext,
    private readonly kinds: readonly JobKind[],
  ) {}

  /** Starts a job in the background (after any job holding one of its ledgers). */
  launch<J extends Job>(job: J, hooks?: RunHooks): RunningJob<J> {
    let run: JobRun | undefined;
    let stopped = false;
    const entry: RunningJob<J> = {
      job,
      get progress() {
        return run?.progress;
      },
      done: undefined as unknown as Promise<JobReport>,
      stop: () => {
        stopped = true;
        run?.stop();
      },
    };
    const done = this.withLocks(job.locks, async () => {
      run = new JobRun(this.ctx, job, hooks);
      this.jobs.set(entry, run);
      if (stopped || this.stopping) run.stop();
      return run.run();
    })
      .catch((err: unknown) => {
        this.ctx.log.error({ err, job: job.id, kind: job.kind }, `${job.kind} failed`);
        throw err;
      })
      .finally(() => this.jobs.delete(entry));
    (entry as { done: Promise<JobReport> }).done = done.then((report) => this.followUp(job, report));
    this.jobs.set(entry, undefined);
    return entry;
  }

  /** The running jobs of a kind (oldest first), or all of them. */
  running(kind?: JobKindName): RunningJob[] {
    return [...this.jobs.keys()].filter((r) => !kind || r.job.kind === kind);
  }

  /** Whether a job on ledger `id` is running or waiting for its turn. */
  has(id: string): boolean {
    return [...this.jobs.keys()].some((r) => r.job.id === id);
  }

  /**
   * Picks up every recent ledger a crash or a stop left with messages to send, kind by kind:
   * side-by-side kinds all at once, one-at-a-time kinds one after the other.
   */
  async resume(): Promise<void> {
    const ids = await listLedgers(this.ctx.config.dataDir, this.ctx.ledger);
    for (const kind of this.kinds) {
      for (const id of ids) {
        if (this.stopping || this.has(id)) continue;
        const job = await kind.resume?.(this.ctx, id);
        // An admin may have started it again meanwhile: that run sends the rest.
        if (!job || this.stopping || this.has(id)) continue;
        this.ctx.log.info({ id, kind: kind.name }, `resuming an unfinished ${kind.name}`);
        await this.afterPreviousSends(id);
        const running = this.launch(job);
        if (kind.oneAtATime) await running.done.catch(() => {});
        else running.done.catch(() => {});
      }
    }
  }

  /**
   * The process that wrote this ledger (killed, or stopped a moment ago) may have sent messages up
   * to the moment it died, and the platform still counts them in its per-second limits, while this
   * process's limiters start empty. It was gone before this process started (the instance lock), so
   * nothing is sent until a second after this process's start when that ledger was written shortly
   * before it: restarted at once, a bot would otherwise start at full rate on top of the last sends
   * (2 x 429 in the crash torture test once the resumed push started quickly enough).
   */
  private async afterPreviousSends(id: string): Promise<void> {
    const writtenAt = await ledgerWrittenAt(this.ctx.config.dataDir, id, this.ctx.ledger);
    const startedAt = performance.timeOrigin;
    if (writtenAt === undefined || writtenAt < startedAt - RECENT_WRITER_MS) return;
    // Wall-clock ms turned into a wait on our clock; bounded, whatever the file's time says.
    const waitMs = Math.min(PREVIOUS_SENDS_MS, startedAt + PREVIOUS_SENDS_MS - Date.now());
    if (waitMs <= 0) return;
    const until = this.ctx.clock.now() + waitMs;
    for (const a of this.ctx.adapters) this.ctx.dispatcher.limiter(a.platform)?.holdAll(until);
  }

  /** Tells every job to stop (each finishes the message it is sending); `idle()` says when they have. */
  stop(): void {
    this.stopping = true;
    for (const r of this.jobs.keys()) r.stop();
  }

  /** Settles when every job of the kind (or every job) now running is over. */
  async idle(kind?: JobKindName): Promise<void> {
    await Promise.all(this.running(kind).map((r) => r.done.catch(() => {})));
  }

  private async followUp(job: Job, report: JobReport): Promise<JobReport> {
    const next = this.stopping || report.status === "stopped" ? undefined : job.next?.(report);
    if (!next) return report;
    const kind = this.kinds.find((k) => k.name === next.kind);
    // A one-at-a-time kind already running covers it (a running push plans what the issue has).
    if (kind?.oneAtATime !== false && this.running(next.kind).length > 0) return report;
    await this.launch(next).done.catch(() => {});
    return report;
  }

  private async withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const before = keys.map((k) => this.locks.get(k));
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const k of keys) this.locks.set(k, mine);
    await Promise.all(before);
    try {
      return await fn();
    } finally {
      release();
      for (const k of keys) if (this.locks.get(k) === mine) this.locks.delete(k);
    }
  }
}

/** How long the platform counts a send in its per-second limits (and a margin for its clock). */
const PREVIOUS_SENDS_MS = 1100;
/** A ledger written this shortly before this process started had a writer that may have been sending. */
const RECENT_WRITER_MS = 10_000;

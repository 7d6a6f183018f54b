import type { Config } from "../../config.ts";
import type { PlatformAdapter, Reply } from "../../core/ports/index.ts";
import type { Platform } from "../../domain/chat.ts";
import type { Locale } from "../../domain/locale.ts";
import type { Logger } from "../../log.ts";
import type { Store } from "../../store/store.ts";
import type { Clock } from "../clock.ts";
import type { Dispatcher } from "../dispatcher.ts";
import type { Ledger, LedgerOptions, PlanEntry } from "../ledger.ts";
import type { JobKindName, JobReport, PushStatus } from "../report.ts";
import type { WorkerProgress, WorkerResult } from "../worker.ts";

/** What every job runs against: the store, the one dispatcher (and its limiter), the adapters. */
export interface JobContext {
  store: Store;
  dispatcher: Dispatcher;
  adapters: PlatformAdapter[];
  config: Config;
  log: Logger;
  clock: Clock;
  ledger?: LedgerOptions;
}

/** Told once a job's plan is on disk, before its first send. */
export interface PlannedInfo {
  /** The job's ledger id. */
  issueId: string;
  /** Records added by this run (0 when resuming or re-running a finished job). */
  added: number;
  /** Messages left to send, in how many chats, per platform. */
  pending: number;
  chats: number;
  perPlatform: Partial<Record<Platform, number>>;
}

/** How the caller follows one run of a job. */
export interface RunHooks {
  onPlanned?: (info: PlannedInfo) => void;
  onProgress?: (p: WorkerProgress) => void;
}

/**
 * One job of one kind, as the pipeline (pipeline.ts) runs it: plan → ledger → worker → report →
 * notify. A kind (push.ts, broadcast.ts, correction.ts) only says what differs: what to check before
 * planning, what to plan, where its report is kept and how the admins are told. Adding a kind is one
 * module that builds these and one line in kinds.ts (to be resumed after a crash).
 */
export interface Job {
  readonly kind: JobKindName;
  /** The ledger this job plans into and sends from. */
  readonly id: string;
  /**
   * Ledgers this job opens (its own and any it reads or amends): jobs sharing one run one after the
   * other, so no ledger is ever open twice.
   */
  readonly locks: readonly string[];
  readonly requestedBy?: string;
  /** The admin who asked, for the one admin rule (notify.ts). */
  readonly replyTo?: string;
  /** A chat the caller answers itself: a run with nothing to send tells it nothing more. */
  readonly answeredIn?: string;
  /** Pause between two sections in one chat. */
  readonly sectionGapMs?: number;
  /**
   * The first sends go while the plan is being written (Ledger.stagePlan), for a kind that a crash
   * in that moment cannot harm: its resume plans again whatever the ledger lacks (the push). A kind
   * planned only once (a broadcast reaches the chats of its moment) waits for the plan on disk.
   */
  readonly sendsWhilePlanIsWritten?: boolean;
  /** The report's date, edition and title. */
  label(): { date: string; edition?: string; title?: string };
  /** Before the ledger is opened (after the global pause): a status ends the job there. */
  precheck?(): Promise<PushStatus | undefined>;
  /** With the ledger open, before planning: a status ends the job there. */
  guard?(ledger: Ledger): Promise<PushStatus | undefined>;
  /** What to plan; the ledger keeps only the records it does not hold yet. */
  plan(ledger: Ledger): Promise<PlanEntry[]>;
  /**
   * Once the plan and the pre-send checks are on disk, while the first sends go; the job ends after
   * it. `records`: how many the ledger held once planned (a migration mid-push adds more later).
   */
  planned?(ledger: Ledger, records: number): Promise<void>;
  /** After the worker, before the report (the correction updates the push's ledger here). */
  settle?(ledger: Ledger, result: WorkerResult): Promise<void>;
  /** Keeps the report where this kind's readers look (the report is also the "running" mark). */
  save(report: JobReport): Promise<void>;
  /** What the admins are told when the job is over. */
  reply(report: JobReport, locale: Locale): Reply;
  /** A job to run after this one (the correction's push of what the new version adds). */
  next?(report: JobReport): Job | undefined;
  /** Closes what the job opened besides its own ledger. */
  dispose?(): Promise<void>;
}

/**
 * A kind, as the supervisor knows it: whether its jobs run one at a time (pushes) or side by side
 * (broadcasts), and how to pick up a ledger a crash or a stop left unfinished.
 */
export interface JobKind {
  readonly name: JobKindName;
  readonly oneAtATime: boolean;
  /** The job that finishes ledger `id`, if it is this kind's, recent and unfinished. */
  resume?(ctx: JobContext, id: string): Promise<Job | undefined>;
}

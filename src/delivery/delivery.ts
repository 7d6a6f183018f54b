import type { Config } from "../config.ts";
import { type MessageKey, type Params, t } from "../core/i18n/index.ts";
import type { PlatformAdapter } from "../core/ports/index.ts";
import { todayIn } from "../domain/today.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import {
  allocateBroadcast,
  type BroadcastAudience,
  BroadcastRequest,
  type BroadcastStart,
  broadcastAudience,
} from "./broadcast.ts";
import { type Clock, systemClock } from "./clock.ts";
import {
  BotAlreadyRunning,
  type ControlHandlers,
  type ControlServer,
  startControlServer,
} from "./control.ts";
import { createDispatcher, type Dispatcher, type DispatcherOptions } from "./dispatcher.ts";
import { broadcastJob } from "./jobs/broadcast.ts";
import { type CorrectionOptions, correctionJob } from "./jobs/correction.ts";
import type { JobContext, RunHooks } from "./jobs/job.ts";
import { JOB_KINDS } from "./jobs/kinds.ts";
import { type PushJob, type PushOptions, pushJob } from "./jobs/push.ts";
import { type RunningJob, Supervisor } from "./jobs/supervisor.ts";
import type { LedgerOptions } from "./ledger.ts";
import { PAUSED_SETTING } from "./paused.ts";
import type { JobReport, PushReport } from "./report.ts";
import { type Scheduler, startScheduler } from "./scheduler.ts";
import type { WorkerProgress } from "./worker.ts";

export interface DeliveryOptions {
  store: Store;
  adapters: PlatformAdapter[];
  config: Config;
  log: Logger;
  /** The wall clock (tests); timers stay real unless `clock` is given too. */
  now?: () => Date;
  clock?: Clock;
  ledger?: LedgerOptions;
  limits?: DispatcherOptions["limits"];
  retry?: DispatcherOptions["retry"];
  /** Listen on `<dataDir>/paperboy.sock` for `paperboy push` (default true). */
  control?: boolean;
  /** Run the schedule (default true). */
  schedule?: boolean;
  /** Answers `paperboy desk-link` on the control socket (the app passes the desk's). */
  deskLink?: ControlHandlers["deskLink"];
}

/**
 * Approval before the push (core/approval.ts): the scheduled push asks first; a push an admin or the
 * operator starts by hand counts as approval.
 */
export interface PushGate {
  scheduled(date: string, edition: "evening" | "morning"): Promise<boolean>;
  manual(date: string, edition: "evening" | "morning", requestedBy: string): Promise<void>;
}

/** The push running now, as callers see it (the desk shows its date and progress). */
export interface RunningPush {
  readonly opts: PushOptions;
  readonly progress: WorkerProgress | undefined;
}

/** What the core router's `/push` calls (AdminActions.pushNow). */
export interface PushNowOptions {
  date?: string;
  requestedBy: string;
  replyTo?: string;
  /** See PushOptions.force. */
  force?: boolean;
}

export interface Delivery {
  /** Every send of the bot goes through this (replies with priority "reply"). */
  dispatcher: Dispatcher;
  /** Control socket, unfinished pushes from the ledger, the missed push, the schedule. */
  start(): Promise<void>;
  /** Finishes the messages in flight, flushes the ledger, stops the schedule and the socket. */
  stop(): Promise<void>;
  /** Starts a push in the background; answers once it is planned (or why it did not start). */
  pushNow(opts: PushNowOptions): Promise<{ started: boolean; message: string }>;
  /** Runs a push to the end (tests, benchmark). Rejects if one is running. */
  runPush(opts?: PushOptions & RunHooks): Promise<PushReport>;
  /** Settles when the running push (if any) is over. */
  idle(): Promise<PushReport | undefined>;
  /** Settles once start() has resumed unfinished jobs and run the missed push (if any). */
  resumed(): Promise<void>;
  /** The push running now (what was asked, how far it got), if any. */
  readonly running: RunningPush | undefined;
  readonly scheduler: Scheduler | undefined;
  /**
   * Starts a confirmed `/broadcast` in the background (AdminActions.broadcast); answers once it is
   * planned. Broadcasts run beside pushes: the dispatcher paces them all against the same limits.
   */
  broadcast(req: BroadcastRequest): Promise<BroadcastStart>;
  /** Who a broadcast would reach now: active subscribed chats on the platforms this bot runs. */
  broadcastAudience(): Promise<BroadcastAudience>;
  /** Settles when every running broadcast is over (tests, stop). */
  broadcastsIdle(): Promise<void>;
  /** Installs the approval gate (set after creation: the approvals service needs `pushNow`). */
  setGate(gate: PushGate | undefined): void;
  /**
   * The edit job: corrects what the chats of a pushed issue were sent to a new version (edits in
   * place where the platform can, a notice where it cannot), reports to the admins, then sends what
   * the new version adds like any push. Waits for a running push of the issue first.
   */
  correct(opts: CorrectionOptions): Promise<void>;
}

export function createDelivery(opts: DeliveryOptions): Delivery {
  const { store, adapters, config, log } = opts;
  const clock: Clock =
    opts.clock ??
    (opts.now ? { ...systemClock, now: () => (opts.now as () => Date)().getTime() } : systemClock);
  const dispatcher = createDispatcher({
    adapters,
    config,
    log,
    clock,
    limits: opts.limits,
    retry: opts.retry,
  });
  // A store that keeps its own ledgers (PostgreSQL) gets them used; else they are files in the data dir.
  const ledger = { ...opts.ledger, logs: opts.ledger?.logs ?? store.ledgerLogs };
  const ctx: JobContext = { store, dispatcher, adapters, config, log, clock, ledger };
  const jobs = new Supervisor(ctx, JOB_KINDS);
  let control: ControlServer | undefined;
  let scheduler: Scheduler | undefined;
  let background: Promise<void> = Promise.resolve();
  let stopping = false;
  let gate: PushGate | undefined;
  const say = (key: MessageKey, params?: Params) => t(config.locale, key, params);
  /** Numbering broadcasts reads then writes the store: one at a time. */
  let allocating: Promise<unknown> = Promise.resolve();

  /** Pushes run one at a time: the one running (or waiting for its ledger), if any. */
  const currentPush = () => jobs.running("push")[0] as RunningJob<PushJob> | undefined;
  const launchPush = (o: PushOptions, hooks?: RunHooks) => jobs.launch(pushJob(ctx, o), hooks);

  function busyMessage(): string {
    const p = currentPush()?.progress;
    const where = p ? ` (${p.done}/${p.total})` : "";
    return say("delivery.busy", { where });
  }

  function outcome(r: JobReport): string {
    if (r.status === "no-issue") return say("delivery.noIssue", { date: r.date });
    if (r.status === "paused") return say("delivery.paused");
    if (r.status === "nothing-to-send") return say("delivery.nothingToSend");
    if (r.status === "ledger-missing") return say("delivery.ledgerMissing", { date: r.date });
    if (r.status === "ledger-lost") return say("delivery.ledgerLost");
    return say("delivery.alreadyPushed", { date: r.date, count: r.chatsReached });
  }

  async function pushNow(o: PushNowOptions): Promise<{ started: boolean; message: string }> {
    if (stopping) return { started: false, message: say("delivery.stopping") };
    if (currentPush()) return { started: false, message: busyMessage() };
    await gate?.manual(o.date ?? todayIn(config.tz, new Date(clock.now())), "evening", o.requestedBy);
    if (currentPush()) return { started: false, message: busyMessage() };
    return new Promise((resolve) => {
      const { done } = launchPush(
        {
          date: o.date,
          requestedBy: o.requestedBy,
          replyTo: o.replyTo,
          answeredIn: o.replyTo,
          force: o.force,
        },
        {
          onPlanned: (info) => {
            if (info.pending === 0) return;
            resolve({
              started: true,
              message: say("delivery.started", {
                id: info.issueId,
                chats: info.chats,
                messages: info.pending,
              }),
            });
          },
        },
      );
      done.then(
        (r) => resolve({ started: false, message: outcome(r) }),
        (err: Error) => resolve({ started: false, message: say("delivery.failed", { reason: err.message }) }),
      );
    });
  }

  async function broadcast(raw: BroadcastRequest): Promise<BroadcastStart> {
    if (stopping) return { started: false, reason: "stopping" };
    const parsed = BroadcastRequest.safeParse(raw);
    if (!parsed.success) {
      return { started: false, reason: "invalid", detail: parsed.error.issues[0]?.message };
    }
    if (await store.getSetting<boolean>(PAUSED_SETTING)) return { started: false, reason: "paused" };
    const req = parsed.data;
    const allocated = allocating.then(() =>
      allocateBroadcast(store, config.dataDir, req, new Date(clock.now()), ledger),
    );
    allocating = allocated.catch(() => {});
    const { record, fresh } = await allocated;
    if (!fresh && (jobs.has(record.id) || record.status === "done")) {
      return { started: false, reason: "duplicate", id: record.id };
    }
    return new Promise<BroadcastStart>((resolve) => {
      const { done } = jobs.launch(broadcastJob(ctx, record), {
        onPlanned: (info) => {
          if (info.pending === 0) return;
          resolve({
            started: true,
            id: info.issueId,
            chats: info.chats,
            messages: info.pending,
            perPlatform: info.perPlatform,
          });
        },
      });
      done.then(
        (r) =>
          resolve({ started: false, reason: r.status === "paused" ? "paused" : "no-chats", id: record.id }),
        (err: Error) => resolve({ started: false, reason: "failed", id: record.id, detail: err.message }),
      );
    });
  }

  return {
    dispatcher,
    broadcast,
    async correct(o: CorrectionOptions) {
      if (stopping) return;
      await jobs.launch(correctionJob(ctx, o)).done;
    },
    setGate(g) {
      gate = g;
    },
    async broadcastAudience() {
      return broadcastAudience(await store.listChats(), new Set(adapters.map((a) => a.platform)));
    },
    broadcastsIdle: () => jobs.idle("broadcast"),
    get running(): RunningPush | undefined {
      const push = currentPush();
      return push && { opts: push.job.opts, progress: push.progress };
    },
    get scheduler() {
      return scheduler;
    },
    pushNow,
    async runPush({ onPlanned, onProgress, ...o } = {}) {
      if (currentPush()) throw new Error(busyMessage());
      return launchPush(o, { onPlanned, onProgress }).done;
    },
    async idle() {
      return currentPush()?.done;
    },
    resumed: () => background,
    async start() {
      if (opts.control !== false) {
        try {
          control = await startControlServer(
            config.dataDir,
            {
              push: (req) =>
                pushNow({ date: req.date, requestedBy: req.requestedBy ?? "cli", force: req.force }),
              progress: () => currentPush()?.progress,
              deskLink: opts.deskLink,
              whenIdle: async () => {
                const r = await currentPush()?.done.catch(() => undefined);
                if (!r) return undefined;
                const { sent, failed, skipped, pending } = r.messages;
                const summary = say(pending ? "delivery.summaryPending" : "delivery.summary", {
                  sent,
                  failed,
                  skipped,
                  pending,
                });
                return { summary, messages: { sent, failed, skipped, pending } };
              },
            },
            log,
          );
        } catch (err) {
          // Two bots on one data dir would push everything twice: refuse to start.
          if (err instanceof BotAlreadyRunning) throw err;
          // Anything else (a data dir path too long for a Unix socket...) only costs `paperboy push`.
          log.warn({ err }, "control socket unavailable: `paperboy push` cannot reach this bot");
        }
      }
      if (opts.schedule !== false) {
        scheduler = startScheduler({
          config,
          store,
          log,
          now: () => new Date(clock.now()),
          push: async (at, why) => {
            if (currentPush() || stopping)
              return log.warn({ why }, "a push is already running: the scheduled one is skipped");
            if (gate && !(await gate.scheduled(todayIn(config.tz, at), "evening"))) return;
            await launchPush({ requestedBy: why }).done;
          },
        });
      }
      // The ledgers first (a crash mid-job), then the push the bot slept through.
      background = (async () => {
        try {
          await jobs.resume();
          if (!stopping) await scheduler?.catchUp();
        } catch (err) {
          log.error({ err }, "resuming jobs failed");
        }
      })();
    },
    async stop() {
      stopping = true;
      scheduler?.stop();
      await control?.close();
      jobs.stop();
      await dispatcher.stop();
      await jobs.idle();
      await background;
    },
  };
}

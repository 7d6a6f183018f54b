import type { Config } from "../config.ts";
import { type MessageKey, type Params, t } from "../core/i18n/index.ts";
import type { PlatformAdapter } from "../core/ports/index.ts";
import { todayIn } from "../domain/today.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import {
  allocateBroadcast,
  BROADCASTS_COLLECTION,
  type BroadcastAudience,
  type BroadcastRecord,
  BroadcastRequest,
  BroadcastRun,
  type BroadcastStart,
  broadcastAudience,
  isBroadcastId,
} from "./broadcast.ts";
import { type Clock, systemClock } from "./clock.ts";
import {
  BotAlreadyRunning,
  type ControlHandlers,
  type ControlServer,
  startControlServer,
} from "./control.ts";
import { type CorrectionOptions, CorrectionRun, correctionReply } from "./correction.ts";
import { createDispatcher, type Dispatcher, type DispatcherOptions } from "./dispatcher.ts";
import { Ledger, type LedgerOptions, ledgerWrittenAt, listLedgers } from "./ledger.ts";
import { notifyAdmins, PAUSED_SETTING, type PushContext, type PushOptions, PushRun } from "./push.ts";
import type { PushReport } from "./report.ts";
import { type Scheduler, startScheduler } from "./scheduler.ts";

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
  runPush(opts?: PushOptions): Promise<PushReport>;
  /** Settles when the running push (if any) is over. */
  idle(): Promise<PushReport | undefined>;
  /** Settles once start() has resumed unfinished pushes and run the missed one (if any). */
  resumed(): Promise<void>;
  readonly running: PushRun | undefined;
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

/** Unfinished ledgers last written longer ago than this are old news: they are not resumed. */
const RESUME_WITHIN_DAYS = 1;

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
  const ledgerOpts = { ...opts.ledger, logs: opts.ledger?.logs ?? store.ledgerLogs };
  const ctx: PushContext = { store, dispatcher, adapters, config, log, clock, ledger: ledgerOpts };
  let current: { run: PushRun; done: Promise<PushReport> } | undefined;
  let control: ControlServer | undefined;
  let scheduler: Scheduler | undefined;
  let background: Promise<void> = Promise.resolve();
  let stopping = false;
  let gate: PushGate | undefined;
  let correction: CorrectionRun | undefined;
  const say = (key: MessageKey, params?: Params) => t(config.locale, key, params);
  const broadcasts = new Map<string, { run: BroadcastRun; done: Promise<PushReport | undefined> }>();
  /** Numbering broadcasts reads then writes the store: one at a time. */
  let allocating: Promise<unknown> = Promise.resolve();

  function launch(o: PushOptions): { run: PushRun; done: Promise<PushReport> } {
    const run = new PushRun(ctx, o);
    const done = run.run().finally(() => {
      if (current?.run === run) current = undefined;
    });
    current = { run, done };
    return current;
  }

  function busyMessage(): string {
    const p = current?.run.progress;
    const where = p ? ` (${p.done}/${p.total})` : "";
    return say("delivery.busy", { where });
  }

  function outcome(r: PushReport): string {
    if (r.status === "no-issue") return say("delivery.noIssue", { date: r.date });
    if (r.status === "paused") return say("delivery.paused");
    if (r.status === "nothing-to-send") return say("delivery.nothingToSend");
    if (r.status === "ledger-missing") return say("delivery.ledgerMissing", { date: r.date });
    if (r.status === "ledger-lost") return say("delivery.ledgerLost");
    return say("delivery.alreadyPushed", { date: r.date, count: r.chatsReached });
  }

  async function pushNow(o: PushNowOptions): Promise<{ started: boolean; message: string }> {
    if (stopping) return { started: false, message: say("delivery.stopping") };
    if (current) return { started: false, message: busyMessage() };
    await gate?.manual(o.date ?? todayIn(config.tz, new Date(clock.now())), "evening", o.requestedBy);
    if (current) return { started: false, message: busyMessage() };
    return new Promise((resolve) => {
      const { done } = launch({
        date: o.date,
        requestedBy: o.requestedBy,
        replyTo: o.replyTo,
        answeredIn: o.replyTo,
        force: o.force,
        onPlanned: (info) => {
          if (info.pending === 0) return;
          resolve({
            started: true,
            message: say("delivery.started", { id: info.issueId, chats: info.chats, messages: info.pending }),
          });
        },
      });
      done.then(
        (r) => resolve({ started: false, message: outcome(r) }),
        (err: Error) => {
          log.error({ err }, "push failed");
          resolve({ started: false, message: say("delivery.failed", { reason: err.message }) });
        },
      );
    });
  }

  /**
   * Resumes pushes a crash or a stop left unfinished, one after the other. "Recent" is judged by
   * when the ledger was last written (its mtime: every plan and mark appends to it), not by the
   * issue's date: an admin may `/push` an older issue, and a crash in the middle of that push must
   * be resumed (and reported) like any other.
   */
  async function resumeUnfinished(): Promise<void> {
    const oldest = clock.now() - RESUME_WITHIN_DAYS * 86_400_000;
    for (const id of await listLedgers(config.dataDir, ledgerOpts)) {
      const m = /^(\d{4}-\d{2}-\d{2})-(evening|morning)$/.exec(id);
      if (!m || stopping) continue;
      const written = await ledgerWrittenAt(config.dataDir, id, ledgerOpts);
      if (written === undefined || written < oldest) continue;
      const ledger = await Ledger.open(config.dataDir, id, ledgerOpts);
      const pending = ledger.counts().pending;
      await ledger.close();
      if (pending === 0) continue;
      log.info({ issueId: id, pending }, "resuming an unfinished push");
      await launch({ date: m[1], edition: m[2] as "evening" | "morning", requestedBy: "resume" }).done;
    }
  }

  function launchBroadcast(
    record: BroadcastRecord,
    runOpts?: ConstructorParameters<typeof BroadcastRun>[2],
  ): Promise<PushReport | undefined> {
    const run = new BroadcastRun(ctx, record, runOpts);
    const done = run
      .run()
      .catch((err: unknown) => {
        log.error({ err, id: record.id }, "broadcast failed");
        throw err;
      })
      .finally(() => broadcasts.delete(record.id));
    broadcasts.set(record.id, { run, done: done.catch(() => undefined) });
    return done;
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
      allocateBroadcast(store, config.dataDir, req, new Date(clock.now()), ledgerOpts),
    );
    allocating = allocated.catch(() => {});
    const { record, fresh } = await allocated;
    if (!fresh && (broadcasts.has(record.id) || record.status === "done")) {
      return { started: false, reason: "duplicate", id: record.id };
    }
    return new Promise<BroadcastStart>((resolve) => {
      const done = launchBroadcast(record, {
        onPlanned: (info) => {
          if (info.pending === 0) return;
          resolve({
            started: true,
            id: info.id,
            chats: info.chats,
            messages: info.pending,
            perPlatform: info.perPlatform,
          });
        },
      });
      done.then(
        (r) =>
          resolve(
            r?.status === "paused"
              ? { started: false, reason: "paused", id: record.id }
              : { started: false, reason: "no-chats", id: record.id },
          ),
        (err: Error) => resolve({ started: false, reason: "failed", id: record.id, detail: err.message }),
      );
    });
  }

  /** Resumes broadcasts a crash or a stop left unfinished (recent ones only), side by side. */
  async function resumeBroadcasts(): Promise<void> {
    const oldest = clock.now() - RESUME_WITHIN_DAYS * 86_400_000;
    const records = new Map(
      (await store.collection<BroadcastRecord>(BROADCASTS_COLLECTION).list()).map((r) => [r.id, r]),
    );
    for (const id of await listLedgers(config.dataDir, ledgerOpts)) {
      const record = records.get(id);
      if (!isBroadcastId(id) || !record || stopping || broadcasts.has(id)) continue;
      if (Date.parse(record.createdAt) < oldest) continue;
      const ledger = await Ledger.open(config.dataDir, id, ledgerOpts);
      const pending = ledger.counts().pending;
      await ledger.close();
      // An admin may have confirmed it again meanwhile: that run sends the rest.
      if (pending === 0 || stopping || broadcasts.has(id)) continue;
      log.info({ id, pending }, "resuming an unfinished broadcast");
      launchBroadcast(record).catch(() => {});
    }
  }

  async function correct(o: CorrectionOptions): Promise<void> {
    await current?.done.catch(() => {});
    if (stopping) return;
    correction = new CorrectionRun(ctx, o);
    try {
      const report = await correction.run();
      await notifyAdmins(ctx, correctionReply(report, config.locale));
      if (report.newMessages > 0 && !current && !stopping)
        await launch({ date: o.issue.date, edition: o.issue.edition, requestedBy: o.requestedBy }).done;
    } finally {
      correction = undefined;
    }
  }

  return {
    dispatcher,
    broadcast,
    correct,
    setGate(g) {
      gate = g;
    },
    async broadcastAudience() {
      return broadcastAudience(await store.listChats(), new Set(adapters.map((a) => a.platform)));
    },
    async broadcastsIdle() {
      await Promise.all([...broadcasts.values()].map((b) => b.done));
    },
    get running() {
      return current?.run;
    },
    get scheduler() {
      return scheduler;
    },
    pushNow,
    async runPush(o = {}) {
      if (current) throw new Error(busyMessage());
      return launch(o).done;
    },
    async idle() {
      return current?.done;
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
              progress: () => current?.run.progress,
              deskLink: opts.deskLink,
              whenIdle: async () => {
                const r = await current?.done.catch(() => undefined);
                if (!r) return undefined;
                const { sent, failed, skipped, pending } = r.messages;
                const summary = `${sent} sent, ${failed} failed, ${skipped} skipped${pending ? `, ${pending} pending` : ""}`;
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
            if (current || stopping)
              return log.warn({ why }, "a push is already running: the scheduled one is skipped");
            if (gate && !(await gate.scheduled(todayIn(config.tz, at), "evening"))) return;
            await launch({ requestedBy: why }).done;
          },
        });
      }
      // The ledger first (a crash mid-push), then the push the bot slept through.
      background = (async () => {
        try {
          // Broadcasts first: they are launched side by side, while pushes resume one after the other.
          await resumeBroadcasts();
          await resumeUnfinished();
          if (!stopping) await scheduler?.catchUp();
        } catch (err) {
          log.error({ err }, "resuming pushes failed");
        }
      })();
    },
    async stop() {
      stopping = true;
      scheduler?.stop();
      await control?.close();
      current?.run.stop();
      correction?.stop();
      for (const b of broadcasts.values()) b.run.stop();
      await dispatcher.stop();
      await current?.done.catch(() => {});
      await Promise.all([...broadcasts.values()].map((b) => b.done));
      await background;
    },
  };
}

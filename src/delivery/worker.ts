import { setMaxListeners } from "node:events";
import { ChatGone, ChatMigrated, PermanentError } from "../core/ports/index.ts";
import { type Chat, chatId as makeChatId, parseChatId } from "../domain/chat.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import { type Clock, delay, systemClock } from "./clock.ts";
import { type Dispatcher, DispatcherStopped } from "./dispatcher.ts";
import { type Ledger, LedgerLost, type LedgerRecord } from "./ledger.ts";

export interface WorkerOptions {
  ledger: Ledger;
  dispatcher: Dispatcher;
  store: Store;
  log: Logger;
  clock?: Clock;
  /** Pause between two sections in one chat. */
  sectionGapMs?: number;
  /**
   * Appended to the reason of an image skipped because it was not found (how to fix it: the missing
   * PAPERBOY_IMAGE_BASE_URL), unless the adapter's message already says so.
   */
  imageHint?: string;
  onProgress?: (p: WorkerProgress) => void;
}

export interface WorkerProgress {
  total: number;
  done: number;
}

export interface WorkerResult {
  /** Chats found gone (kicked, blocked, deleted), with the platform's reason. */
  gone: Array<{ chatId: string; reason: string }>;
  migrated: Array<{ from: string; to: string }>;
  /** True when stop() cut the push short (the ledger keeps what is left). */
  stopped: boolean;
  /** Set when the ledger file disappeared (or was cut) mid-push; the push stopped because of it. */
  ledgerLost?: LedgerLost;
}

/** How the reason of a skipped, unavailable image starts (the report groups them by it). */
export const IMAGE_UNAVAILABLE = "image unavailable";

/** Migrations followed for one chat before giving up (a chain of upgrades is not a real thing). */
const MAX_MIGRATIONS = 3;

/**
 * Sends a ledger's pending records through the dispatcher: all chats at once (the limiter decides
 * who goes when), each chat's records strictly in order, the next one only after the previous one's
 * mark is on disk. A kicked chat is marked inactive and skipped; a migrated chat is moved to its new
 * id and its records resent there; anything else that fails is marked failed with its reason.
 */
export class JobWorker {
  private readonly clock: Clock;
  private readonly abort = new AbortController();
  private stopping = false;
  readonly progress: WorkerProgress = { total: 0, done: 0 };
  private readonly result: WorkerResult = { gone: [], migrated: [], stopped: false };

  constructor(private readonly opts: WorkerOptions) {
    this.clock = opts.clock ?? systemClock;
    // Every chat waiting out a section gap listens on this one signal.
    setMaxListeners(0, this.abort.signal);
  }

  async run(): Promise<WorkerResult> {
    const byChat = new Map<string, LedgerRecord[]>();
    for (const r of this.opts.ledger.pending()) {
      const list = byChat.get(r.chatId) ?? [];
      byChat.set(r.chatId, list);
      list.push(r);
      this.progress.total++;
    }
    this.report();
    // Chats may have left or been paused since the plan was written (a resumed push): check once.
    const chats = new Map((await this.opts.store.listChats()).map((c) => [c.id, c]));
    await Promise.all([...byChat].map(([id, records]) => this.runChat(records, chats.get(id))));
    this.result.stopped = this.stopping;
    return this.result;
  }

  /** Lets every chat finish the message it is sending, then ends run(). */
  stop(): void {
    this.stopping = true;
    this.abort.abort(new DispatcherStopped());
  }

  private async runChat(records: LedgerRecord[], chat: Chat | undefined): Promise<void> {
    const { ledger, log } = this.opts;
    if (chat && (chat.state !== "active" || !chat.subscribed)) {
      const why = chat.state !== "active" ? `chat ${chat.state}` : "chat unsubscribed";
      await this.skipAll(records, 0, why);
      return;
    }
    let queue = records;
    let migrations = 0;
    let lastSection: string | undefined;
    for (let i = 0; i < queue.length; i++) {
      if (this.stopping) return;
      const r = queue[i] as LedgerRecord;
      if (ledger.get(r.key)?.state !== "pending") continue;
      const gap = this.opts.sectionGapMs ?? 0;
      try {
        if (gap > 0 && lastSection !== undefined && r.section !== lastSection) {
          await delay(this.clock, gap, this.abort.signal);
        }
        const receipt = await this.opts.dispatcher.send(r.chatId, ledger.body(r), {
          priority: "push",
          remaining: queue.length - i,
        });
        await ledger.markSent(r.key, receipt.messageId);
        lastSection = r.section;
        this.tick();
      } catch (e) {
        if (e instanceof LedgerLost || ledger.lostError) {
          // Nothing more can be recorded: every chat stops, the push reports why.
          this.result.ledgerLost = (ledger.lostError ?? e) as LedgerLost;
          this.stop();
          return;
        }
        if (e instanceof DispatcherStopped || this.stopping) return;
        if (e instanceof ChatGone) {
          log.info({ chatId: r.chatId, reason: e.reason }, "chat gone: marking it inactive");
          await this.chatGone(r.chatId, e.reason);
          await this.skipAll(queue, i, `chat gone: ${e.reason}`);
          return;
        }
        if (e instanceof ChatMigrated && migrations++ < MAX_MIGRATIONS) {
          const to = makeChatId(parseChatId(r.chatId).platform, e.newRawChatId);
          log.info({ from: r.chatId, to }, "chat migrated: moving it and resending there");
          const moved = await this.migrate(r.chatId, to, queue.slice(i));
          await this.skipAll(queue, i, `migrated to ${to}`);
          queue = moved;
          i = -1;
          continue;
        }
        // An image that cannot be resolved or fetched (no PAPERBOY_IMAGE_BASE_URL, a dead link) is
        // the same for every chat and no retry helps: skip it with the reason; the text goes on.
        if (e instanceof PermanentError && ledger.body(r).type === "image") {
          const hint = this.opts.imageHint;
          const why =
            hint && /not found/i.test(e.message) && !e.message.includes("PAPERBOY_IMAGE_BASE_URL")
              ? `; ${hint}`
              : "";
          const reason = `${IMAGE_UNAVAILABLE}: ${e.message}${why}`;
          log.debug({ chatId: r.chatId, key: r.key, reason }, "image skipped");
          await ledger.markSkipped(r.key, reason);
          this.tick();
          continue;
        }
        const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        log.warn({ chatId: r.chatId, key: r.key, reason }, "message failed");
        await ledger.markFailed(r.key, reason);
        this.tick();
      }
    }
  }

  private async skipAll(records: LedgerRecord[], from: number, reason: string): Promise<void> {
    const marks: Promise<void>[] = [];
    for (const r of records.slice(from)) {
      if (this.opts.ledger.get(r.key)?.state !== "pending") continue;
      marks.push(this.opts.ledger.markSkipped(r.key, reason));
      this.progress.done++;
    }
    await Promise.all(marks);
    this.report();
  }

  private async chatGone(id: string, reason: string): Promise<void> {
    this.result.gone.push({ chatId: id, reason });
    const { platform, raw } = parseChatId(id);
    const prev = await this.opts.store.getChat(id);
    await this.opts.store.upsertChat({
      id,
      platform,
      kind: prev?.kind ?? (raw.startsWith("-") ? "group" : "private"),
      state: "inactive",
      inactiveReason: reason,
    });
  }

  /**
   * Moves the chat's subscription to its new id (the old record stays, inactive, pointing there: a
   * migrated chat is never deleted) and plans the remaining records again under the new id.
   */
  private async migrate(from: string, to: string, rest: LedgerRecord[]): Promise<LedgerRecord[]> {
    this.result.migrated.push({ from, to });
    const { store, ledger } = this.opts;
    const { platform } = parseChatId(from);
    const old = await store.getChat(from);
    const existing = await store.getChat(to);
    await store.upsertChat({
      id: to,
      platform,
      kind: "group",
      title: existing?.title || old?.title,
      // An admin's pause of the new chat stands (the core's migration handler keeps it too).
      state: existing?.state === "paused" ? "paused" : "active",
      subscribed: old?.subscribed ?? true,
      sections: old?.sections ?? "all",
      locale: old?.locale,
    });
    await store.upsertChat({
      id: from,
      platform,
      kind: old?.kind ?? "group",
      state: "inactive",
      migratedTo: to,
      inactiveReason: `migrated to ${to}`,
    });
    if (existing?.state === "paused") return [];
    const entries = rest
      .filter((r) => ledger.get(r.key)?.state === "pending")
      .map((r) => ({ chatId: to, section: r.section, part: r.part, body: ledger.body(r) }));
    // Records already planned under the new id (a plan made after the move) are sent by their own chat's run.
    const added = await ledger.plan(entries);
    this.progress.total += added.length;
    return added;
  }

  private tick(): void {
    this.progress.done++;
    this.report();
  }

  private report(): void {
    this.opts.onProgress?.(this.progress);
  }
}

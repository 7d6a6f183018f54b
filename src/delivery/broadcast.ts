import { z } from "zod";
import type { Block, OutPart, PlatformAdapter, Reply } from "../core/ports/index.ts";
import type { Chat, Platform } from "../domain/chat.ts";
import type { Locale } from "../domain/locale.ts";
import { todayIn } from "../domain/today.ts";
import type { Store } from "../store/store.ts";
import { Ledger, type LedgerOptions, listLedgers, type PlanEntry } from "./ledger.ts";
import { receivesPushes } from "./planner.ts";
import { notifyAdmins, PAUSED_SETTING, type PushContext } from "./push.ts";
import { buildReport, emptyReport, type PushReport, reportBlocks } from "./report.ts";
import { PushWorker, type WorkerProgress } from "./worker.ts";

/**
 * One-off announcements (`/broadcast <text>`) sent through the same durable ledger, worker and
 * dispatcher as the daily push: one ledger per broadcast (`<dataDir>/ledger/broadcast-<n>.jsonl`),
 * one record per chat keyed `broadcast-<n>|broadcast|<part>|<chatId>`, so a broadcast is
 * rate-limited, sent at most once per chat, resumed after a crash, and follows kicks and migrations.
 */

/** Longest announcement: leaves room under Telegram's 4,096 characters for the heading. */
export const BROADCAST_MAX_CHARS = 3500;

/** The section key broadcast records are planned under. */
export const BROADCAST_SECTION = "broadcast";

/** Store collection holding one record per broadcast (what, who, where the report goes, how it ended). */
export const BROADCASTS_COLLECTION = "broadcasts";

export const broadcastReportKey = (id: string) => `broadcastReport:${id}`;

/** Ledger ids of broadcasts: `broadcast-1`, `broadcast-2`, … */
const BROADCAST_ID = /^broadcast-(\d+)$/;

export function isBroadcastId(id: string): boolean {
  return BROADCAST_ID.test(id);
}

/** What the core hands over when an admin confirms; validated again here, at the delivery's boundary. */
export const BroadcastRequest = z.object({
  /** Identifies the admin's draft: confirming the same draft twice never starts a second broadcast. */
  draftId: z.string().min(1).max(200),
  text: z.string().trim().min(1).max(BROADCAST_MAX_CHARS),
  requestedBy: z.string().min(1).max(200),
  /** Where the report goes (the chat the admin confirmed in). */
  replyTo: z.string().max(200).optional(),
});
export type BroadcastRequest = z.input<typeof BroadcastRequest>;

export interface BroadcastRecord {
  /** `broadcast-<n>`, also the ledger's id. */
  id: string;
  draftId: string;
  text: string;
  requestedBy: string;
  replyTo?: string;
  createdAt: string;
  status: "sending" | "done" | "stopped" | "paused";
  finishedAt?: string;
  chatsPlanned?: number;
  chatsReached?: number;
}

/** The answer to a confirmation: started (with its reach), or why not. */
export type BroadcastStart =
  | {
      started: true;
      id: string;
      chats: number;
      messages: number;
      perPlatform: Partial<Record<Platform, number>>;
    }
  | {
      started: false;
      reason: "paused" | "no-chats" | "stopping" | "duplicate" | "invalid" | "failed";
      id?: string;
      detail?: string;
    };

const HEADING: Record<Locale, string> = { "zh-CN": "公告", en: "Announcement" };

/** The announcement as readers get it: a heading in the chat's language, then the admin's plain text. */
export function broadcastBlocks(text: string, locale: Locale): Block[] {
  const paragraphs = text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return [
    { kind: "heading", text: HEADING[locale] },
    ...paragraphs.map((p) => ({ kind: "paragraph" as const, text: p })),
  ];
}

/** Who a broadcast would reach: active, subscribed chats (on a running platform), per platform. */
export interface BroadcastAudience {
  total: number;
  perPlatform: Partial<Record<Platform, number>>;
}

/** Active, subscribed chats on a running platform: who a broadcast reaches, per platform. */
export function broadcastAudience(
  chats: readonly Chat[],
  platforms?: ReadonlySet<Platform>,
): BroadcastAudience {
  const perPlatform: Partial<Record<Platform, number>> = {};
  let total = 0;
  for (const c of chats) {
    if (!receivesPushes(c) || (platforms && !platforms.has(c.platform))) continue;
    perPlatform[c.platform] = (perPlatform[c.platform] ?? 0) + 1;
    total++;
  }
  return { total, perPlatform };
}

/** One record per part per chat that takes pushes (paused, inactive and unsubscribed chats get nothing). */
export function planBroadcast(chats: readonly Chat[], render: (chat: Chat) => OutPart[]): PlanEntry[] {
  const entries: PlanEntry[] = [];
  for (const chat of chats) {
    if (!receivesPushes(chat)) continue;
    render(chat).forEach((body, part) => {
      entries.push({ chatId: chat.id, section: BROADCAST_SECTION, part, body });
    });
  }
  return entries;
}

/**
 * Finds the broadcast of a draft, or numbers a new one past every number in use (in the store or
 * as a ledger file: a store restored from a backup must not reuse a number whose ledger says "sent").
 * Callers serialise calls (one process owns the data dir).
 */
export async function allocateBroadcast(
  store: Store,
  dataDir: string,
  req: z.output<typeof BroadcastRequest>,
  at: Date,
  ledgerOpts?: Pick<LedgerOptions, "logs">,
): Promise<{ record: BroadcastRecord; fresh: boolean }> {
  const coll = store.collection<BroadcastRecord>(BROADCASTS_COLLECTION);
  const all = await coll.list();
  const same = all.find((r) => r.draftId === req.draftId);
  if (same) return { record: same, fresh: false };
  let max = 0;
  for (const id of [...all.map((r) => r.id), ...(await listLedgers(dataDir, ledgerOpts))]) {
    const m = BROADCAST_ID.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const record: BroadcastRecord = {
    id: `broadcast-${max + 1}`,
    draftId: req.draftId,
    text: req.text,
    requestedBy: req.requestedBy,
    replyTo: req.replyTo,
    createdAt: at.toISOString(),
    status: "sending",
  };
  await coll.put(record);
  return { record, fresh: true };
}

export interface BroadcastPlanned {
  id: string;
  chats: number;
  pending: number;
  perPlatform: Partial<Record<Platform, number>>;
}

/**
 * Runs one broadcast: plans it (once: a resumed broadcast reaches the chats of its moment, not
 * those added since), sends through the push worker, stores a report and sends it to the admin
 * who asked. `run()` settles when it is over or stopped.
 */
export class BroadcastRun {
  private worker: PushWorker | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: PushContext,
    readonly record: BroadcastRecord,
    private readonly opts: { onPlanned?: (info: BroadcastPlanned) => void } = {},
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
    const { record } = this;
    const startedAt = new Date(clock.now());
    const date = todayIn(config.tz, new Date(record.createdAt));
    const base = { date, edition: BROADCAST_SECTION, requestedBy: record.requestedBy, at: startedAt };
    if (await store.getSetting<boolean>(PAUSED_SETTING)) {
      log.info({ id: record.id }, "pushes are paused: broadcast not sent");
      return this.finish({ ...emptyReport({ ...base, status: "paused" }), issueId: record.id }, "paused");
    }
    const ledger = await Ledger.open(config.dataDir, record.id, this.ctx.ledger);
    try {
      const adapters = new Map(this.ctx.adapters.map((a) => [a.platform, a]));
      if (ledger.all().length === 0) {
        const chats = (await store.listChats()).filter((c) => adapters.has(c.platform));
        await ledger.plan(planBroadcast(chats, broadcastRenderer(record.text, adapters, config.locale)));
      }
      const pending = ledger.pending();
      const perPlatform: Partial<Record<Platform, number>> = {};
      const chatIds = new Set(pending.map((r) => r.chatId));
      for (const id of chatIds) {
        const p = id.slice(0, id.indexOf(":")) as Platform;
        perPlatform[p] = (perPlatform[p] ?? 0) + 1;
      }
      const info = { id: record.id, chats: chatIds.size, pending: pending.length, perPlatform };
      log.info(info, "broadcast planned");
      this.opts.onPlanned?.(info);
      if (ledger.all().length === 0) {
        return this.finish(
          { ...emptyReport({ ...base, status: "nothing-to-send" }), issueId: record.id },
          "done",
        );
      }
      this.worker = new PushWorker({
        ledger,
        dispatcher: this.ctx.dispatcher,
        store,
        log,
        clock,
        sectionGapMs: 0,
        imageHint: this.ctx.config.imageBaseUrl ? undefined : "set PAPERBOY_IMAGE_BASE_URL",
      });
      if (this.stopped) this.worker.stop();
      const result = await this.worker.run();
      await ledger.flush();
      const report = buildReport({
        ledger,
        date,
        edition: BROADCAST_SECTION,
        title: record.text.length > 60 ? `${record.text.slice(0, 59)}…` : record.text,
        status: result.stopped ? "stopped" : "done",
        requestedBy: record.requestedBy,
        startedAt,
        finishedAt: new Date(clock.now()),
        worker: result,
      });
      log.info({ id: record.id, ...report.messages, chatsReached: report.chatsReached }, "broadcast over");
      return await this.finish(report, result.stopped ? "stopped" : "done");
    } finally {
      await ledger.close();
    }
  }

  private async finish(report: PushReport, status: BroadcastRecord["status"]): Promise<PushReport> {
    const { store, log, config, clock } = this.ctx;
    try {
      await store.setSetting(broadcastReportKey(this.record.id), report);
      await store.collection<BroadcastRecord>(BROADCASTS_COLLECTION).update(this.record.id, (r) =>
        r
          ? {
              ...r,
              status,
              finishedAt: new Date(clock.now()).toISOString(),
              chatsPlanned: report.chatsPlanned,
              chatsReached: report.chatsReached,
            }
          : r,
      );
    } catch (err) {
      log.error({ err, id: this.record.id }, "could not store the broadcast report");
    }
    // A stopped broadcast resumes on the next start and reports then.
    if (status !== "stopped") {
      const reply = broadcastReportReply(report, config.locale);
      await notifyAdmins(
        { ...this.ctx, config: { ...config, adminChat: undefined } },
        reply,
        this.record.replyTo,
      );
    }
    return report;
  }
}

/** Renders the announcement once per (platform, language). */
function broadcastRenderer(
  text: string,
  adapters: Map<Platform, PlatformAdapter>,
  defaultLocale: Locale,
): (chat: Chat) => OutPart[] {
  const cache = new Map<string, OutPart[]>();
  return (chat) => {
    const adapter = adapters.get(chat.platform);
    if (!adapter) return [];
    const locale = chat.locale ?? defaultLocale;
    const key = `${chat.platform}|${locale}`;
    let parts = cache.get(key);
    if (!parts) {
      parts = adapter.render({ blocks: broadcastBlocks(text, locale), locale });
      cache.set(key, parts);
    }
    return parts;
  };
}

const REPORT_HEADING: Record<Locale, (r: PushReport) => string> = {
  "zh-CN": (r) => `广播报告 ${r.issueId}`,
  en: (r) => `Broadcast report ${r.issueId}`,
};

/** The push report's blocks under a broadcast heading (one section: no per-section lines). */
export function broadcastReportReply(report: PushReport, locale: Locale): Reply {
  const blocks = reportBlocks({ ...report, perSection: {} }, locale);
  blocks[0] = { kind: "heading", text: REPORT_HEADING[locale](report) };
  if (report.title) blocks.splice(1, 0, { kind: "note", text: `「${report.title}」` });
  return { blocks, locale };
}

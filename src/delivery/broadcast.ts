import { z } from "zod";
import { t } from "../core/i18n/index.ts";
import type { Block, OutPart } from "../core/ports/index.ts";
import type { Chat, Platform } from "../domain/chat.ts";
import type { Locale } from "../domain/locale.ts";
import type { Store } from "../store/store.ts";
import { type LedgerOptions, listLedgers, type PlanEntry } from "./ledger.ts";
import { receivesPushes } from "./planner.ts";

/**
 * One-off announcements (`/broadcast <text>`): what the core and the desk need to know of them (the
 * request, the stored record, the reach, the text as readers get it). The job that sends one is
 * jobs/broadcast.ts, through the same pipeline as the daily push: one ledger per broadcast
 * (`<dataDir>/ledger/broadcast-<n>.jsonl`), one record per part per chat keyed
 * `broadcast-<n>|broadcast|<part>|<chatId>`, so a broadcast is rate-limited, sent at most once per
 * chat, resumed after a crash, and follows kicks and migrations.
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

/** The announcement as readers get it: a heading in the chat's language, then the admin's plain text. */
export function broadcastBlocks(text: string, locale: Locale): Block[] {
  const paragraphs = text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return [
    { kind: "heading", text: t(locale, "broadcast.heading") },
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

import type { OutPart, PlatformAdapter } from "../../core/ports/index.ts";
import type { Chat, Platform } from "../../domain/chat.ts";
import type { Locale } from "../../domain/locale.ts";
import { todayIn } from "../../domain/today.ts";
import {
  BROADCASTS_COLLECTION,
  type BroadcastRecord,
  broadcastBlocks,
  broadcastReportKey,
  isBroadcastId,
  planBroadcast,
} from "../broadcast.ts";
import { type JobReport, reportReply } from "../report.ts";
import type { Job, JobContext, JobKind } from "./job.ts";
import { hasPending, RESUME_WITHIN_DAYS } from "./resume.ts";

/** The record's status once its job is over. */
function recordStatus(report: JobReport): BroadcastRecord["status"] {
  if (report.status === "paused" || report.status === "stopped") return report.status;
  return "done";
}

/**
 * A confirmed announcement to every chat that takes pushes. Planned once: a resumed broadcast
 * reaches the chats of its moment, not those added since. Its report is kept beside its record and
 * goes to the admin who confirmed it (or the admin chat, by the one rule).
 */
export function broadcastJob(ctx: JobContext, record: BroadcastRecord): Job {
  const { store, config, clock } = ctx;
  const date = todayIn(config.tz, new Date(record.createdAt));
  const title = record.text.length > 60 ? `${record.text.slice(0, 59)}…` : record.text;
  return {
    kind: "broadcast",
    id: record.id,
    locks: [record.id],
    requestedBy: record.requestedBy,
    replyTo: record.replyTo,
    label: () => ({ date, title }),
    async plan(ledger) {
      if (ledger.all().length > 0) return [];
      const adapters = new Map(ctx.adapters.map((a) => [a.platform, a]));
      const chats = (await store.listChats()).filter((c) => adapters.has(c.platform));
      return planBroadcast(chats, broadcastRenderer(record.text, adapters, config.locale));
    },
    async save(report) {
      await store.setSetting(broadcastReportKey(record.id), report);
      if (report.status === "running") return;
      await store.collection<BroadcastRecord>(BROADCASTS_COLLECTION).update(record.id, (r) =>
        r
          ? {
              ...r,
              status: recordStatus(report),
              finishedAt: new Date(clock.now()).toISOString(),
              chatsPlanned: report.chatsPlanned,
              chatsReached: report.chatsReached,
            }
          : r,
      );
    },
    reply: (report, locale) => reportReply(report, locale),
  };
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

export const broadcastKind: JobKind = {
  name: "broadcast",
  oneAtATime: false,
  /** Recent ones only (by when the admin confirmed), and only while their record is kept. */
  async resume(ctx, id) {
    if (!isBroadcastId(id)) return undefined;
    const record = await ctx.store.collection<BroadcastRecord>(BROADCASTS_COLLECTION).get(id);
    if (!record) return undefined;
    if (Date.parse(record.createdAt) < ctx.clock.now() - RESUME_WITHIN_DAYS * 86_400_000) return undefined;
    if (!(await hasPending(ctx, id))) return undefined;
    return broadcastJob(ctx, record);
  },
};

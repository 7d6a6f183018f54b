import { BROADCASTS_COLLECTION, type BroadcastRecord } from "../../delivery/broadcast.ts";
import { LAST_REPORT_KEY, type PushReport, reportBlocks } from "../../delivery/report.ts";
import type { Locale } from "../../domain/locale.ts";
import { text } from "../args.ts";
import type { Block } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import { PAUSED_SETTING } from "./pause.ts";

/**
 * The last push report (setting `lastPushReport`) as the delivery layer words it. A report of
 * another shape (an older version's) is shown as its plain fields rather than not at all.
 */
function reportView(report: unknown, locale: Locale): Block[] {
  if (report && typeof report === "object" && "status" in report && "messages" in report) {
    try {
      return reportBlocks(report as PushReport, locale);
    } catch {
      // fall through to the plain fields
    }
  }
  const lines = plainFields(report);
  return lines.length ? [{ kind: "list", items: lines }] : [];
}

function plainFields(report: unknown): string[] {
  if (typeof report === "string") return [report.slice(0, 500)];
  if (!report || typeof report !== "object") return [];
  return Object.entries(report as Record<string, unknown>)
    .filter(([, v]) => ["string", "number", "boolean"].includes(typeof v))
    .slice(0, 12)
    .map(([k, v]) => `${k}: ${String(v).slice(0, 120)}`);
}

/** The newest broadcast by creation time (ids are numbered, but a restore may reorder them). */
function latestBroadcast(records: BroadcastRecord[]): BroadcastRecord | undefined {
  return records.reduce<BroadcastRecord | undefined>(
    (a, b) => (!a || b.createdAt > a.createdAt ? b : a),
    undefined,
  );
}

/** Admin `/stats`: chats per platform and state, subscribers, the global pause, the last push, pending applications. */
export const stats = defineCommand({
  name: "stats",
  where: ["group", "private"],
  admin: true,
  help: "help.stats",
  args: text(),
  async run(ctx) {
    const chats = await ctx.store.listChats();
    const blocks: Block[] = [{ kind: "heading", text: ctx.t("stats.heading") }];
    const lines: string[] = [];
    const known = ctx.platforms.ids();
    const seen = [...new Set(chats.map((c) => c.platform))];
    for (const platform of [...known, ...seen.filter((p) => !known.includes(p))]) {
      const mine = chats.filter((c) => c.platform === platform);
      if (mine.length === 0) continue;
      const count = (state: string) => mine.filter((c) => c.state === state).length;
      lines.push(
        ctx.t("stats.platform", {
          platform,
          active: count("active"),
          paused: count("paused"),
          inactive: count("inactive"),
        }),
      );
    }
    blocks.push(
      lines.length ? { kind: "list", items: lines } : { kind: "paragraph", text: ctx.t("stats.noChats") },
    );
    const subscribers = chats.filter((c) => c.state === "active" && c.subscribed).length;
    const paused = (await ctx.store.getSetting<boolean>(PAUSED_SETTING)) === true;
    blocks.push(
      { kind: "paragraph", text: ctx.t("stats.subscribers", { count: subscribers }) },
      { kind: "paragraph", text: ctx.t(paused ? "stats.pushesPaused" : "stats.pushesRunning") },
    );
    const applications = await ctx.store.collection<{ id: string; status?: string }>("applications").list();
    const pending = applications.filter((a) => a.status === "pending").length;
    if (applications.length)
      blocks.push({ kind: "paragraph", text: ctx.t("stats.applications", { count: pending }) });
    const report = reportView(await ctx.store.getSetting<unknown>(LAST_REPORT_KEY), ctx.locale);
    if (report.length) blocks.push({ kind: "paragraph", text: ctx.t("stats.lastPush") }, ...report);
    else blocks.push({ kind: "note", text: ctx.t("stats.noLastPush") });
    const broadcast = latestBroadcast(
      await ctx.store.collection<BroadcastRecord>(BROADCASTS_COLLECTION).list(),
    );
    if (broadcast) {
      blocks.push({
        kind: "paragraph",
        text: ctx.t("stats.lastBroadcast", {
          id: broadcast.id,
          status: broadcast.status,
          reached: broadcast.chatsReached ?? 0,
          planned: broadcast.chatsPlanned ?? 0,
          at: broadcast.finishedAt ?? broadcast.createdAt,
        }),
      });
    }
    ctx.outcome = `${chats.length} chats, ${subscribers} subscribed`;
    return [{ blocks }];
  },
});

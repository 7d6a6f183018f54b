import type { Config } from "../config.ts";
import type { Block, Reply } from "../core/ports/index.ts";
import { parseChatId } from "../domain/chat.ts";
import type { Locale } from "../domain/locale.ts";
import type { Store } from "../store/store.ts";
import { Ledger, type RecordState } from "./ledger.ts";
import { IMAGE_UNAVAILABLE, type WorkerResult } from "./worker.ts";

/** `running`: planned and sending (or the bot died meanwhile: the next start resumes it). */
/**
 * `ledger-missing`: the issue was pushed before but its ledger is gone, so who got what is unknown;
 * nothing is sent without an explicit force. `ledger-lost`: the ledger vanished during the push,
 * which stopped there.
 */
export type PushStatus =
  | "done"
  | "running"
  | "stopped"
  | "no-issue"
  | "paused"
  | "nothing-to-send"
  | "ledger-missing"
  | "ledger-lost";

export type Counts = Record<RecordState, number>;

export interface PushReport {
  issueId: string;
  date: string;
  edition: string;
  title?: string;
  status: PushStatus;
  requestedBy?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Chats that had something planned, and those that received at least one message. */
  chatsPlanned: number;
  chatsReached: number;
  messages: Counts;
  perPlatform: Record<string, Counts & { chats: number; reached: number }>;
  perSection: Record<string, Counts>;
  /** Failed and skipped messages grouped by reason, most frequent first (a few chats named each). */
  problems: Array<{ state: "failed" | "skipped"; reason: string; count: number; chats: string[] }>;
  /**
   * Image messages skipped because the image could not be resolved or fetched, kept out of
   * `problems` so that one missing setting reads as one line, not one per image.
   */
  imagesSkipped?: { count: number; images: number; chats: number; example: string };
  gone: Array<{ chatId: string; reason: string }>;
  migrated: Array<{ from: string; to: string }>;
  /** What the ledger's bookkeeping cost (bytes and lines written, time spent writing and syncing). */
  ledger?: { bytes: number; lines: number; flushes: number; flushMs: number };
}

export const LAST_REPORT_KEY = "lastPushReport";
export const reportKey = (issueId: string) => `pushReport:${issueId}`;

const zero = (): Counts => ({ pending: 0, sent: 0, failed: 0, skipped: 0 });

/** Summarises a ledger after (or during) a push. */
export function buildReport(args: {
  ledger: Ledger;
  date: string;
  edition: string;
  title?: string;
  status: PushStatus;
  requestedBy?: string;
  startedAt: Date;
  finishedAt: Date;
  worker?: WorkerResult;
}): PushReport {
  const { bytes, lines, flushes, flushMs } = args.ledger.stats;
  const messages = zero();
  const perPlatform: PushReport["perPlatform"] = {};
  const perSection: PushReport["perSection"] = {};
  const chats = new Map<string, boolean>();
  const problems = new Map<string, PushReport["problems"][number]>();
  const images = {
    count: 0,
    reasons: new Set<string>(),
    chats: new Set<string>(),
    example: undefined as string | undefined,
  };
  for (const r of args.ledger.all()) {
    const platform = parseChatId(r.chatId).platform;
    messages[r.state]++;
    const p = perPlatform[platform] ?? { ...zero(), chats: 0, reached: 0 };
    perPlatform[platform] = p;
    p[r.state]++;
    const s = perSection[r.section] ?? zero();
    perSection[r.section] = s;
    s[r.state]++;
    chats.set(r.chatId, (chats.get(r.chatId) ?? false) || r.state === "sent");
    if (r.state === "skipped" && r.reason?.startsWith(IMAGE_UNAVAILABLE)) {
      images.count++;
      images.reasons.add(r.reason);
      images.chats.add(r.chatId);
      images.example ??= r.reason;
    } else if (r.state === "failed" || r.state === "skipped") {
      const reason = r.reason ?? "";
      const k = `${r.state}|${reason}`;
      const entry = problems.get(k) ?? { state: r.state, reason, count: 0, chats: [] };
      entry.count++;
      if (entry.chats.length < 10 && !entry.chats.includes(r.chatId)) entry.chats.push(r.chatId);
      problems.set(k, entry);
    }
  }
  for (const [id, reached] of chats) {
    const p = perPlatform[parseChatId(id).platform];
    if (!p) continue;
    p.chats++;
    if (reached) p.reached++;
  }
  return {
    issueId: args.ledger.issueId,
    date: args.date,
    edition: args.edition,
    title: args.title,
    status: args.status,
    requestedBy: args.requestedBy,
    startedAt: args.startedAt.toISOString(),
    finishedAt: args.finishedAt.toISOString(),
    durationMs: args.finishedAt.getTime() - args.startedAt.getTime(),
    chatsPlanned: chats.size,
    chatsReached: [...chats.values()].filter(Boolean).length,
    messages,
    perPlatform,
    perSection,
    problems: [...problems.values()].sort((a, b) => b.count - a.count),
    imagesSkipped:
      images.count > 0
        ? {
            count: images.count,
            images: images.reasons.size,
            chats: images.chats.size,
            example: images.example ?? "",
          }
        : undefined,
    gone: args.worker?.gone ?? [],
    migrated: args.worker?.migrated ?? [],
    ledger: { bytes, lines, flushes, flushMs: Math.round(flushMs * 10) / 10 },
  };
}

/** A report for a push that sent nothing (no issue, paused): same shape, empty counts. */
export function emptyReport(args: {
  date: string;
  edition: string;
  status: PushStatus;
  requestedBy?: string;
  at: Date;
}): PushReport {
  return {
    issueId: `${args.date}-${args.edition}`,
    date: args.date,
    edition: args.edition,
    status: args.status,
    requestedBy: args.requestedBy,
    startedAt: args.at.toISOString(),
    finishedAt: args.at.toISOString(),
    durationMs: 0,
    chatsPlanned: 0,
    chatsReached: 0,
    messages: zero(),
    perPlatform: {},
    perSection: {},
    problems: [],
    gone: [],
    migrated: [],
  };
}

export async function savePushReport(store: Store, report: PushReport): Promise<void> {
  await store.setSetting(LAST_REPORT_KEY, report);
  await store.setSetting(reportKey(report.issueId), report);
}

/** The report of a date's push (evening first, then morning), or the last push's. */
export async function loadPushReport(
  store: Store,
  _config: Config,
  date?: string,
): Promise<PushReport | undefined> {
  if (!date) return store.getSetting<PushReport>(LAST_REPORT_KEY);
  return (
    (await store.getSetting<PushReport>(reportKey(`${date}-evening`))) ??
    (await store.getSetting<PushReport>(reportKey(`${date}-morning`)))
  );
}

/**
 * The report of a date's push (or the last push) as the ledger has it now. A push still running,
 * or cut short by a crash or a stop, saved its report when it was planned: counting from the ledger
 * on disk is what says how far it got. Reads the ledger only; the bot's files are never written.
 */
export async function currentPushReport(
  store: Store,
  config: Config,
  date?: string,
): Promise<PushReport | undefined> {
  const saved = await loadPushReport(store, config, date);
  if (!saved || (saved.status !== "running" && saved.status !== "stopped")) return saved;
  const ledger = await Ledger.read(config.dataDir, saved.issueId, { logs: store.ledgerLogs });
  if (!ledger) return saved;
  const live = buildReport({
    ledger,
    date: saved.date,
    edition: saved.edition,
    title: saved.title,
    status: saved.status,
    requestedBy: saved.requestedBy,
    startedAt: new Date(saved.startedAt),
    finishedAt: new Date(),
    worker: { gone: saved.gone, migrated: saved.migrated, stopped: saved.status === "stopped" },
  });
  // What the ledger cost is the bot's to measure; a reader's numbers would be its own (zero).
  return { ...live, ledger: saved.ledger };
}

const T = {
  "zh-CN": {
    title: (r: PushReport) => `推送报告 ${r.date}（${r.edition === "morning" ? "早报" : "晚报"}）`,
    status: {
      done: "已完成",
      running: "进行中（机器人若已停止，重启后继续）",
      stopped: "已中断（重启后继续）",
      "no-issue": "当天没有快报，未推送",
      paused: "推送已暂停，未推送",
      "nothing-to-send": "没有需要推送的群",
      "ledger-missing":
        "这期快报已推送过，但推送记录（ledger）已丢失或被截断，无法得知谁已收到：未重发。确需重发请用 /push <日期> force 或 paperboy push --force",
      "ledger-lost": "推送记录（ledger）在推送中被删除或截断：推送已停止，未重新规划",
    } as Record<PushStatus, string>,
    reached: (r: PushReport) => `送达群聊：${r.chatsReached}/${r.chatsPlanned}`,
    messages: (c: Counts) => `消息：已发 ${c.sent}，失败 ${c.failed}，跳过 ${c.skipped}，待发 ${c.pending}`,
    duration: (ms: number) => `用时：${formatDuration(ms)}`,
    platform: "各平台",
    section: "各栏目",
    problems: "问题",
    gone: (n: number) => `已失效的群（被移出/屏蔽）：${n}`,
    images: (i: NonNullable<PushReport["imagesSkipped"]>) =>
      `图片无法获取，已跳过 ${i.count} 条（${i.images} 张图，${i.chats} 个群；文字照常发送）：${i.example}`,
    migrated: (n: number) => `已迁移的群：${n}`,
  },
  en: {
    title: (r: PushReport) => `Push report ${r.date} (${r.edition})`,
    status: {
      done: "done",
      running: "in progress (if the bot stopped, it resumes on restart)",
      stopped: "stopped (resumes on restart)",
      "no-issue": "no issue for the day: nothing sent",
      paused: "pushes are paused: nothing sent",
      "nothing-to-send": "no chat to push to",
      "ledger-missing":
        "this issue was pushed before, but its ledger (who got what) is missing or truncated: nothing was sent again. To send it again anyway: /push <date> force or paperboy push --force",
      "ledger-lost":
        "the ledger was deleted or truncated during the push: the push stopped and was not planned again",
    } as Record<PushStatus, string>,
    reached: (r: PushReport) => `Chats reached: ${r.chatsReached}/${r.chatsPlanned}`,
    messages: (c: Counts) =>
      `Messages: ${c.sent} sent, ${c.failed} failed, ${c.skipped} skipped, ${c.pending} pending`,
    duration: (ms: number) => `Duration: ${formatDuration(ms)}`,
    platform: "Per platform",
    section: "Per section",
    problems: "Problems",
    gone: (n: number) => `Chats gone (kicked/blocked): ${n}`,
    images: (i: NonNullable<PushReport["imagesSkipped"]>) =>
      `Images unavailable: ${i.count} skipped (${i.images} images, ${i.chats} chats; text sent as usual): ${i.example}`,
    migrated: (n: number) => `Chats migrated: ${n}`,
  },
};

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

function countsLine(c: Counts): string {
  return `${c.sent} sent / ${c.failed} failed / ${c.skipped} skipped${c.pending ? ` / ${c.pending} pending` : ""}`;
}

/** The report as blocks, for the admin chat. */
export function reportBlocks(r: PushReport, locale: Locale): Block[] {
  const t = T[locale];
  const blocks: Block[] = [
    { kind: "heading", text: t.title(r) },
    { kind: "paragraph", text: t.status[r.status] },
  ];
  if (r.chatsPlanned === 0) return blocks;
  blocks.push({
    kind: "list",
    items: [t.reached(r), t.messages(r.messages), t.duration(r.durationMs)],
  });
  const platforms = Object.entries(r.perPlatform);
  if (platforms.length > 0)
    blocks.push(
      { kind: "title", text: t.platform },
      {
        kind: "list",
        items: platforms.map(([p, c]) => `${p}: ${c.reached}/${c.chats} chats, ${countsLine(c)}`),
      },
    );
  const sections = Object.entries(r.perSection);
  if (sections.length > 0)
    blocks.push(
      { kind: "title", text: t.section },
      { kind: "list", items: sections.map(([s, c]) => `${s}: ${countsLine(c)}`) },
    );
  if (r.problems.length > 0)
    blocks.push(
      { kind: "title", text: t.problems },
      {
        kind: "list",
        items: r.problems
          .slice(0, 10)
          .map((p) => `${p.state} ×${p.count}: ${p.reason} (${p.chats.slice(0, 3).join(", ")})`),
      },
    );
  if (r.imagesSkipped) blocks.push({ kind: "note", text: t.images(r.imagesSkipped) });
  if (r.gone.length > 0) blocks.push({ kind: "note", text: t.gone(r.gone.length) });
  if (r.migrated.length > 0) blocks.push({ kind: "note", text: t.migrated(r.migrated.length) });
  return blocks;
}

export function reportReply(r: PushReport, locale: Locale): Reply {
  return { blocks: reportBlocks(r, locale) };
}

/** The report as plain text, for `paperboy status [date]`. */
export function formatPushReport(r: PushReport, locale: Locale): string {
  const lines: string[] = [];
  for (const b of reportBlocks(r, locale)) {
    if (b.kind === "heading") lines.push(b.text);
    else if (b.kind === "title") lines.push("", `${b.text}:`);
    else if (b.kind === "list") for (const item of b.items) lines.push(`  ${item}`);
    else if (b.kind === "paragraph" || b.kind === "note") lines.push(b.text);
  }
  return lines.join("\n");
}

import type { Config } from "../config.ts";
import { t } from "../core/i18n/index.ts";
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

/** The kinds of delivery job (src/delivery/jobs/): each report says which one it was. */
export type JobKindName = "push" | "broadcast" | "correction";

/** What a delivery job did, counted from its ledger; stored, shown in /stats, the desk and `paperboy status`. */
export interface JobReport {
  /** Absent only in reports stored by versions before job kinds (see reportKind). */
  kind?: JobKindName;
  /** The job's ledger id (`2026-01-08-evening`, `broadcast-3`, …). */
  issueId: string;
  /** The issue's date (a broadcast: the day it was confirmed, in the publisher's timezone). */
  date: string;
  /** The issue's edition: push and correction jobs only. */
  edition?: string;
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

/** The name the report had when pushes were the only job; callers outside delivery still use it. */
export type PushReport = JobReport;

export const LAST_REPORT_KEY = "lastPushReport";
export const reportKey = (issueId: string) => `pushReport:${issueId}`;

const zero = (): Counts => ({ pending: 0, sent: 0, failed: 0, skipped: 0 });

/** Which job a report is of: its kind, its ledger, its day (and edition), who asked. */
export interface JobLabel {
  kind: JobKindName;
  issueId: string;
  date: string;
  edition?: string;
  title?: string;
  requestedBy?: string;
}

/** Summarises a job's ledger after (or during) the job. */
export function buildReport(
  args: Omit<JobLabel, "issueId"> & {
    ledger: Ledger;
    status: PushStatus;
    startedAt: Date;
    finishedAt: Date;
    worker?: WorkerResult;
  },
): JobReport {
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
    kind: args.kind,
    issueId: args.ledger.issueId,
    date: args.date,
    ...(args.edition ? { edition: args.edition } : {}),
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

/** A report for a job that sent nothing (no issue, paused): same shape, empty counts. */
export function emptyReport(
  args: Omit<JobLabel, "kind" | "issueId"> & {
    kind?: JobKindName;
    /** Default: the push's id, `<date>-<edition>`. */
    issueId?: string;
    status: PushStatus;
    at: Date;
  },
): JobReport {
  return {
    kind: args.kind ?? "push",
    issueId: args.issueId ?? `${args.date}-${args.edition ?? "evening"}`,
    date: args.date,
    ...(args.edition ? { edition: args.edition } : {}),
    title: args.title,
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
    kind: reportKind(saved),
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

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

function countsLine(locale: Locale, c: Counts): string {
  return t(locale, c.pending ? "report.countsPending" : "report.counts", { ...c });
}

/** Reports stored before jobs named their kind: a broadcast's said so in its edition. */
export function reportKind(r: Pick<JobReport, "kind" | "edition">): JobKindName {
  return r.kind ?? (r.edition === "broadcast" ? "broadcast" : "push");
}

function title(r: JobReport, locale: Locale): string {
  const kind = reportKind(r);
  if (kind === "broadcast") return t(locale, "report.broadcastTitle", { id: r.issueId });
  if (kind === "correction") return t(locale, "correction.reportHeading", { issue: r.issueId });
  const edition = t(locale, r.edition === "morning" ? "report.edition.morning" : "report.edition.evening");
  return t(locale, "report.pushTitle", { date: r.date, edition });
}

/** The report as blocks, for the admin chat. */
export function reportBlocks(r: JobReport, locale: Locale): Block[] {
  const broadcast = reportKind(r) === "broadcast";
  const blocks: Block[] = [{ kind: "heading", text: title(r, locale) }];
  // An announcement's report quotes its start, so the admin knows which one it was.
  if (broadcast && r.title)
    blocks.push({ kind: "note", text: t(locale, "report.quote", { title: r.title }) });
  blocks.push({ kind: "paragraph", text: t(locale, `report.status.${r.status}`) });
  if (r.chatsPlanned === 0) return blocks;
  blocks.push({
    kind: "list",
    items: [
      t(locale, "report.reached", { reached: r.chatsReached, planned: r.chatsPlanned }),
      t(locale, "report.messages", { ...r.messages }),
      t(locale, "report.duration", { duration: formatDuration(r.durationMs) }),
    ],
  });
  const platforms = Object.entries(r.perPlatform);
  if (platforms.length > 0)
    blocks.push(
      { kind: "title", text: t(locale, "report.perPlatform") },
      {
        kind: "list",
        items: platforms.map(([platform, c]) =>
          t(locale, "report.platformLine", {
            platform,
            reached: c.reached,
            chats: c.chats,
            counts: countsLine(locale, c),
          }),
        ),
      },
    );
  // A broadcast is one section: a per-section list would repeat the totals.
  const sections = broadcast ? [] : Object.entries(r.perSection);
  if (sections.length > 0)
    blocks.push(
      { kind: "title", text: t(locale, "report.perSection") },
      {
        kind: "list",
        items: sections.map(([section, c]) =>
          t(locale, "report.sectionLine", { section, counts: countsLine(locale, c) }),
        ),
      },
    );
  if (r.problems.length > 0)
    blocks.push(
      { kind: "title", text: t(locale, "report.problems") },
      {
        kind: "list",
        items: r.problems.slice(0, 10).map((p) =>
          t(locale, "report.problem", {
            state: t(locale, `report.state.${p.state}`),
            count: p.count,
            reason: p.reason,
            chats: p.chats.slice(0, 3).join(", "),
          }),
        ),
      },
    );
  if (r.imagesSkipped)
    blocks.push({ kind: "note", text: t(locale, "report.images", { ...r.imagesSkipped }) });
  if (r.gone.length > 0)
    blocks.push({ kind: "note", text: t(locale, "report.gone", { count: r.gone.length }) });
  if (r.migrated.length > 0)
    blocks.push({ kind: "note", text: t(locale, "report.migrated", { count: r.migrated.length }) });
  return blocks;
}

export function reportReply(r: JobReport, locale: Locale): Reply {
  return { blocks: reportBlocks(r, locale), locale };
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

import { t } from "../../core/i18n/index.ts";
import type { SectionChange } from "../../core/issue-diff.ts";
import type { Block, OutPart, PlatformAdapter, Reply } from "../../core/ports/index.ts";
import type { Chat, Platform } from "../../domain/chat.ts";
import { type Issue, issueId as idOf } from "../../domain/issue.ts";
import type { Locale } from "../../domain/locale.ts";
import { headlineBlocks, sectionBlocks } from "../../render/issue-blocks.ts";
import { bodyHash, Ledger, type LedgerRecord, type PlanEntry, recordKey } from "../ledger.ts";
import { HEADLINES, issueRenderer, planPush, type SectionRenderer } from "../planner.ts";
import { reportKey, reportReply } from "../report.ts";
import type { Job, JobContext } from "./job.ts";
import { pushJob } from "./push.ts";

/** The ledger of a correction job: beside the push's own, named after the version it brings. */
export function correctionLedgerId(issue: Issue, version: string): string {
  return `${idOf(issue)}~fix-${version.slice(0, 12)}`;
}

export interface CorrectionOptions {
  /** The new version of an issue that was pushed. */
  issue: Issue;
  /** Its content hash (names the job's ledger: running it twice sends nothing twice). */
  version: string;
  changes: SectionChange[];
  requestedBy?: string;
}

/** What a correction did, beyond the counts every job's report has. */
export interface CorrectionReport {
  issueId: string;
  /** Messages edited in place, per chat. */
  edited: Record<string, number>;
  /** Chats told by a 更正 notice (platforms that cannot edit, or a change an edit cannot make). */
  noticed: string[];
  failed: Array<{ chatId: string; reason: string }>;
  /** Parts the new version no longer has: already sent, they stay as they are. */
  leftAsSent: number;
  /** Messages the new version adds (new sections or parts): they go out with a push of the issue. */
  newMessages: number;
}

/** How one planned record of the job maps back to the push's ledger once it is sent. */
type Effect = { originals: Array<{ key: string; body: OutPart }> };

/**
 * The edit job: "edit messages already sent". Compares, message by message, what each chat was sent
 * (the push's ledger, with the platform's message ids) against the new version rendered the same
 * way; plans an edit in place for each changed message where the platform can edit, a short 更正
 * notice per changed section where it cannot. Once a change is out, the push's ledger records the
 * new body, so a later correction compares against what the chat really shows and nothing already
 * right is sent again. What the new version adds goes out afterwards as a push of the issue.
 */
export function correctionJob(ctx: JobContext, opts: CorrectionOptions): Job {
  const { config, store } = ctx;
  const { issue } = opts;
  const pushLedgerId = idOf(issue);
  const id = correctionLedgerId(issue, opts.version);
  const details: CorrectionReport = {
    issueId: pushLedgerId,
    edited: {},
    noticed: [],
    failed: [],
    leftAsSent: 0,
    newMessages: 0,
  };
  const effects = new Map<string, Effect>();
  let pushed: Ledger | undefined;
  return {
    kind: "correction",
    id,
    // The push's ledger is read and amended: never while the push (or another correction) has it open.
    locks: [pushLedgerId, id],
    requestedBy: opts.requestedBy,
    label: () => ({ date: issue.date, edition: issue.edition, title: issue.title }),
    async plan() {
      pushed = await Ledger.open(config.dataDir, pushLedgerId, ctx.ledger);
      const adapters = new Map<Platform, PlatformAdapter>(ctx.adapters.map((a) => [a.platform, a]));
      const chats = new Map((await store.listChats()).map((c) => [c.id, c]));
      const render = issueRenderer(issue, adapters, config);
      const known = new Set(pushed.all().map((r) => r.key));
      details.newMessages = planPush(issue, [...chats.values()], render).filter(
        (e) => !known.has(recordKey(pushLedgerId, e.section, e.part, e.chatId)),
      ).length;
      return planEdits({ ctx, opts, id, pushed, chats, adapters, render, details, effects });
    },
    async settle(ledger) {
      const marks: Promise<void>[] = [];
      const noticed = new Set<string>();
      for (const r of ledger.all()) {
        if (r.state === "failed") details.failed.push({ chatId: r.chatId, reason: r.reason ?? "failed" });
        if (r.state !== "sent") continue;
        if (r.section.startsWith("notice-")) noticed.add(r.chatId);
        else details.edited[r.chatId] = (details.edited[r.chatId] ?? 0) + 1;
        for (const o of effects.get(r.key)?.originals ?? []) {
          if (pushed?.get(o.key)?.body !== bodyHash(o.body))
            marks.push((pushed as Ledger).markEdited(o.key, o.body));
        }
      }
      details.noticed = [...noticed];
      await Promise.all(marks);
      ctx.log.info({ ...details, edited: Object.keys(details.edited).length }, "correction settled");
    },
    // Kept under its own ledger id: the issue's push report (and the last push's) stay the push's.
    save: (report) => store.setSetting(reportKey(id), report),
    // Paused, or its ledger lost: the plain job report says why nothing (more) was corrected.
    reply: (report, locale) =>
      report.status === "paused" || report.status === "ledger-lost"
        ? reportReply(report, locale)
        : correctionReply(details, locale),
    next: (report) =>
      report.status !== "paused" && details.newMessages > 0
        ? pushJob(ctx, { date: issue.date, edition: issue.edition, requestedBy: opts.requestedBy })
        : undefined,
    async dispose() {
      await pushed?.close();
    },
  };
}

function editable(adapter: PlatformAdapter, old: OutPart, next: OutPart): boolean {
  if (!adapter.capabilities?.edit || old.type !== next.type) return false;
  // A different photo would need editMessageMedia; a notice says it plainly instead.
  return old.type === "text" || (next.type === "image" && next.src === old.src);
}

function planEdits(a: {
  ctx: JobContext;
  opts: CorrectionOptions;
  id: string;
  pushed: Ledger;
  chats: Map<string, Chat>;
  adapters: Map<Platform, PlatformAdapter>;
  render: SectionRenderer;
  details: CorrectionReport;
  effects: Map<string, Effect>;
}): PlanEntry[] {
  const { issue, changes } = a.opts;
  const entries: PlanEntry[] = [];
  const groups = new Map<string, LedgerRecord[]>();
  for (const r of a.pushed.all()) {
    if (r.state !== "sent") continue;
    const k = `${r.chatId}\u0000${r.section}`;
    const list = groups.get(k) ?? [];
    groups.set(k, list);
    list.push(r);
  }
  for (const records of groups.values()) {
    const { chatId, section } = records[0] as LedgerRecord;
    const chat = a.chats.get(chatId);
    const adapter = chat && a.adapters.get(chat.platform);
    if (!chat || !adapter || chat.state !== "active") continue;
    const parts = a.render(chat, section);
    const needNotice: Array<{ key: string; body: OutPart }> = [];
    for (const r of records) {
      const next = parts[r.part];
      if (!next) {
        // A part (or section) the new version drops: what was sent stays; the admins' preview said so.
        a.details.leftAsSent++;
        continue;
      }
      if (bodyHash(next) === r.body) continue;
      if (r.messageId && editable(adapter, a.pushed.body(r), next)) {
        entries.push({ chatId, section, part: r.part, body: { ...next, editOf: r.messageId } });
        a.effects.set(recordKey(a.id, section, r.part, chatId), { originals: [{ key: r.key, body: next }] });
      } else needNotice.push({ key: r.key, body: next });
    }
    if (needNotice.length === 0) continue;
    const change = changes.find((c) => c.section === section);
    const locale = chat.locale ?? a.ctx.config.locale;
    const notice = adapter.render(noticeReply(issue, change, section, locale));
    const noticeSection = `notice-${section}`;
    notice.forEach((body, part) => {
      entries.push({ chatId, section: noticeSection, part, body });
    });
    // The pushed records count as corrected once the notice's last part is out.
    a.effects.set(recordKey(a.id, noticeSection, notice.length - 1, chatId), { originals: needNotice });
  }
  return entries;
}

/** The notice a chat that cannot edit gets: 更正 and the corrected items (or section) in full. */
function noticeReply(
  issue: Issue,
  change: SectionChange | undefined,
  section: string,
  locale: Locale,
): Reply {
  const blocks: Block[] = [
    { kind: "heading", text: t(locale, "correction.noticeHeading", { title: issue.title }) },
  ];
  if (section === HEADLINES) blocks.push(...headlineBlocks(issue, locale));
  else {
    const s = issue.sections.find((x) => x.key === section);
    if (s) {
      const changed = new Set((change?.items ?? []).filter((i) => i.kind !== "removed").map((i) => i.n));
      const items = changed.size > 0 ? s.items.filter((i) => changed.has(i.n)) : s.items;
      blocks.push(...sectionBlocks({ ...s, items }, locale));
    }
  }
  // Short: the text that changed, not the images the room already has.
  return { blocks: blocks.filter((b) => b.kind !== "image"), locale };
}

/** The admins' account of a correction: what was edited where, who got a notice, what failed. */
export function correctionReply(report: CorrectionReport, locale: Locale): Reply {
  const editedChats = Object.keys(report.edited);
  const messages = Object.values(report.edited).reduce((a, b) => a + b, 0);
  const blocks: Block[] = [
    { kind: "heading", text: t(locale, "correction.reportHeading", { issue: report.issueId }) },
    {
      kind: "paragraph",
      text: t(locale, "correction.reportSummary", {
        messages,
        chats: editedChats.length,
        notices: report.noticed.length,
        failed: report.failed.length,
      }),
    },
  ];
  const lines = [
    ...editedChats.map((c) =>
      t(locale, "correction.reportEdited", { chat: c, count: report.edited[c] ?? 0 }),
    ),
    ...report.noticed.map((c) => t(locale, "correction.reportNoticed", { chat: c })),
    ...report.failed.map((f) => t(locale, "correction.reportFailed", { chat: f.chatId, reason: f.reason })),
  ];
  if (lines.length > 0)
    blocks.push({ kind: "list", items: lines.length > 30 ? [...lines.slice(0, 30), "…"] : lines });
  if (report.newMessages > 0)
    blocks.push({ kind: "note", text: t(locale, "correction.reportNew", { count: report.newMessages }) });
  if (report.leftAsSent > 0)
    blocks.push({ kind: "note", text: t(locale, "correction.reportLeft", { count: report.leftAsSent }) });
  return { blocks, locale };
}

import type { FastifyInstance } from "fastify";
import { BROADCASTS_COLLECTION, type BroadcastRecord, broadcastReportKey } from "../../delivery/broadcast.ts";
import { type PushReport, reportKey } from "../../delivery/report.ts";
import { todayIn } from "../../domain/today.ts";
import { lastDays, stackedBars } from "../chart.ts";
import { html } from "../html.ts";
import { page, type View } from "../layout.ts";
import { readChatOutcomes } from "../ledger-read.ts";
import type { DeskContext } from "../server.ts";
import { localTime } from "./today.ts";

interface Job {
  id: string;
  kind: "push" | "broadcast";
  label: string;
  report: PushReport;
}

/** Every push and broadcast with a report, newest first. */
async function jobs(ctx: DeskContext): Promise<Job[]> {
  const { store } = ctx.deps;
  const out: Job[] = [];
  for (const i of await store.listIssues()) {
    const id = `${i.date}-${i.edition}`;
    const report = await store.getSetting<PushReport>(reportKey(id));
    if (report) out.push({ id, kind: "push", label: i.title, report });
  }
  for (const b of await store.collection<BroadcastRecord>(BROADCASTS_COLLECTION).list()) {
    const report = await store.getSetting<PushReport>(broadcastReportKey(b.id));
    if (report) out.push({ id: b.id, kind: "broadcast", label: b.text.slice(0, 60), report });
  }
  return out.sort((a, b) => b.report.startedAt.localeCompare(a.report.startedAt));
}

function reachCharts(view: View, all: Job[], today: string, tz: string) {
  const days = lastDays(today, 30);
  const platforms = [...new Set(all.flatMap((j) => Object.keys(j.report.perPlatform)))].sort();
  const index = new Map(days.map((d, i) => [d, i]));
  const chats = platforms.map((p) => ({ name: p, values: days.map(() => 0) }));
  const messages = platforms.map((p) => ({ name: p, values: days.map(() => 0) }));
  for (const j of all) {
    const day = todayIn(tz, new Date(j.report.startedAt));
    const i = index.get(day);
    if (i === undefined) continue;
    platforms.forEach((p, k) => {
      const c = j.report.perPlatform[p];
      if (!c) return;
      const cv = (chats[k] as { values: number[] }).values;
      const mv = (messages[k] as { values: number[] }).values;
      cv[i] = (cv[i] ?? 0) + c.reached;
      mv[i] = (mv[i] ?? 0) + c.sent;
    });
  }
  return html`<h2>${view.tr("desk.reports.chart")}</h2>
${stackedBars(view.tr("desk.col.reached"), { days, series: chats })}
${stackedBars(view.tr("desk.col.messages"), { days, series: messages })}`;
}

export function registerReportPages(server: FastifyInstance, ctx: DeskContext): void {
  server.get("/reports", async (req, reply) => {
    const view = ctx.view(req);
    const { config } = ctx.deps;
    const all = await jobs(ctx);
    const today = todayIn(config.tz, ctx.deps.now?.() ?? new Date());
    const body = html`${reachCharts(view, all, today, config.tz)}
${
  all.length === 0
    ? html`<p>${view.tr("desk.reports.none")}</p>`
    : html`<table><thead><tr><th>${view.tr("desk.col.date")}</th><th>${view.tr("desk.col.kindOfJob")}</th><th>${view.tr(
        "desk.col.title",
      )}</th><th>${view.tr("desk.col.state")}</th><th>${view.tr("desk.col.reached")}</th><th>${view.tr("desk.col.sent")}</th><th>${view.tr(
        "desk.col.failed",
      )}</th><th>${view.tr("desk.col.skipped")}</th></tr></thead><tbody>${all.map(
        (j) =>
          html`<tr data-report="${j.id}"><td><a href="/reports/${j.id}">${localTime(view, j.report.startedAt, config.tz)}</a></td><td>${view.tr(
            j.kind === "push" ? "desk.reports.push" : "desk.reports.broadcast",
          )}</td><td>${j.label}</td><td>${j.report.status}</td><td>${j.report.chatsReached}/${j.report.chatsPlanned}</td><td>${j.report.messages.sent}</td><td>${j.report.messages.failed}</td><td>${j.report.messages.skipped}</td></tr>`,
      )}</tbody></table>`
}`;
    return ctx.sendPage(reply, page(view, view.tr("desk.reports.title"), body));
  });

  server.get<{ Params: { id: string } }>("/reports/:id", async (req, reply) => {
    const view = ctx.view(req);
    const { store, config } = ctx.deps;
    const id = req.params.id;
    const report = /^[\w-]{1,80}$/.test(id)
      ? ((await store.getSetting<PushReport>(reportKey(id))) ??
        (await store.getSetting<PushReport>(broadcastReportKey(id))))
      : undefined;
    const outcomes = report ? await readChatOutcomes(config.dataDir, id, store.ledgerLogs) : undefined;
    if (!report) return ctx.sendPage(reply, page(view, view.tr("desk.reports.notFound", { id }), ""), 404);
    const chats = new Map((await store.listChats()).map((c) => [c.id, c]));
    const body = html`<dl><dt>${view.tr("desk.col.state")}</dt><dd>${report.status}</dd><dt>${view.tr("desk.col.date")}</dt><dd>${localTime(
      view,
      report.startedAt,
      config.tz,
    )}</dd><dt>${view.tr("desk.col.reached")}</dt><dd>${report.chatsReached}/${report.chatsPlanned}</dd><dt>${view.tr(
      "desk.col.messages",
    )}</dt><dd>${view.tr("desk.col.sent")} ${report.messages.sent} · ${view.tr("desk.col.failed")} ${report.messages.failed} · ${view.tr("desk.col.skipped")} ${report.messages.skipped} · ${view.tr("desk.col.pending")} ${report.messages.pending}</dd></dl>
<table><thead><tr><th>${view.tr("desk.col.platform")}</th><th>${view.tr("desk.col.reached")}</th><th>${view.tr("desk.col.sent")}</th><th>${view.tr(
      "desk.col.failed",
    )}</th><th>${view.tr("desk.col.skipped")}</th></tr></thead><tbody>${Object.entries(
      report.perPlatform,
    ).map(
      ([p, c]) =>
        html`<tr><td>${p}</td><td>${c.reached}/${c.chats}</td><td>${c.sent}</td><td>${c.failed}</td><td>${c.skipped}</td></tr>`,
    )}</tbody></table>
<h2>${view.tr("desk.reports.perChat")}</h2>
<table><thead><tr><th>${view.tr("desk.col.chat")}</th><th>${view.tr("desk.col.sent")}</th><th>${view.tr("desk.col.failed")}</th><th>${view.tr(
      "desk.col.skipped",
    )}</th><th>${view.tr("desk.col.pending")}</th><th>${view.tr("desk.col.reason")}</th></tr></thead><tbody>${(
      outcomes ?? []
    ).map(
      (o) =>
        html`<tr data-chat="${o.chatId}"><td>${chats.get(o.chatId)?.title || o.chatId}<br><code class="muted">${o.chatId}</code></td><td>${o.sent}</td><td>${o.failed}</td><td>${o.skipped}</td><td>${o.pending}</td><td>${o.reasons.join("; ")}</td></tr>`,
    )}</tbody></table>`;
    return ctx.sendPage(reply, page(view, view.tr("desk.reports.detail", { id }), body));
  });
}

import type { FastifyInstance } from "fastify";
import { humanSchedule } from "../../core/time.ts";
import { PAUSED_SETTING } from "../../delivery/paused.ts";
import type { Issue } from "../../domain/issue.ts";
import { todayIn } from "../../domain/today.ts";
import type { IssueSummary } from "../../store/store.ts";
import { html, type SafeHtml } from "../html.ts";
import { page, type View } from "../layout.ts";
import { progressBox } from "../progress.ts";
import type { DeskContext } from "../server.ts";

/** 未推送 / 推送中 / 已推送 at … */
export function issueState(
  view: View,
  summary: Pick<IssueSummary, "pushedAt" | "date">,
  running: string | undefined,
  tz?: string,
): SafeHtml {
  if (running === summary.date)
    return html`<span class="badge" data-state="running">${view.tr("desk.state.running")}</span>`;
  if (summary.pushedAt)
    return html`<span class="badge" data-state="pushed">${view.tr("desk.state.pushed", { at: localTime(view, summary.pushedAt, tz) })}</span>`;
  return html`<span class="badge" data-state="pending">${view.tr("desk.state.pending")}</span>`;
}

export function localTime(view: View, iso: string, tz?: string): string {
  return new Date(iso).toLocaleString(view.locale, { timeZone: tz, dateStyle: "short", timeStyle: "short" });
}

/** The date of the push that is running now, if any. */
export function runningDate(ctx: DeskContext): string | undefined {
  const run = ctx.deps.delivery.running;
  if (!run) return undefined;
  return run.opts.date ?? todayIn(ctx.deps.config.tz, ctx.deps.now?.() ?? new Date());
}

export function sectionList(view: View, issue: Issue): SafeHtml {
  return html`<table><thead><tr><th>${view.tr("desk.col.sections")}</th><th>key</th><th></th></tr></thead><tbody>${issue.sections.map(
    (s) =>
      html`<tr><td>${s.title}</td><td><code>${s.key}</code></td><td>${
        s.items.length ? view.tr("desk.issue.items", { count: s.items.length }) : ""
      }</td></tr>`,
  )}</tbody></table>`;
}

export function registerTodayPage(server: FastifyInstance, ctx: DeskContext): void {
  server.get("/", async (req, reply) => {
    const view = ctx.view(req);
    const { store, config, delivery } = ctx.deps;
    const today = todayIn(config.tz, ctx.deps.now?.() ?? new Date());
    const issue = (await store.getIssue(today, "evening")) ?? (await store.getIssue(today, "morning"));
    const summary = issue
      ? (await store.listIssues()).find((i) => i.date === issue.date && i.edition === issue.edition)
      : undefined;
    const running = runningDate(ctx);
    const next = delivery.scheduler?.nextRun();
    const paused = await store.getSetting<boolean>(PAUSED_SETTING);
    const body = html`
<p>${view.tr("desk.today.schedule", { schedule: humanSchedule(config.pushAt, config.tz, view.locale) })}${
      next
        ? html` · ${view.tr("desk.today.nextPush", { at: localTime(view, next.toISOString(), config.tz) })}`
        : ""
    }</p>
${paused ? html`<p class="flash bad">${view.tr("desk.today.paused")}</p>` : ""}
${running ? progressBox(view, running) : ""}
${
  issue && summary
    ? html`<h2><a href="/issues/${issue.date}?edition=${issue.edition}">${issue.title}</a> ${issueState(view, summary, running, config.tz)}</h2>
${issue.headlines.length ? html`<ol>${issue.headlines.map((h) => html`<li>${h.text}</li>`)}</ol>` : ""}
${sectionList(view, issue)}
<p><a class="button" href="/issues/${issue.date}?edition=${issue.edition}#push">${view.tr("desk.issue.push")}</a></p>`
    : html`<p>${view.tr("desk.today.none", { date: today })}</p><p><a class="button" href="/import">${view.tr("desk.today.importLink")}</a></p>`
}`;
    return ctx.sendPage(reply, page(view, view.tr("desk.today.title", { date: today }), body));
  });
}

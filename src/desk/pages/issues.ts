import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { receivesPushes } from "../../delivery/planner.ts";
import { loadPushReport } from "../../delivery/report.ts";
import { Edition, IsoDate } from "../../domain/issue.ts";
import { previewSection, renderIssueParts } from "../../platforms/desk-preview.ts";
import { runAsAdmin } from "../actions.ts";
import type { Session } from "../auth.ts";
import { html } from "../html.ts";
import { page } from "../layout.ts";
import { progressBox } from "../progress.ts";
import type { DeskContext } from "../server.ts";
import { issueState, runningDate } from "./today.ts";

const IssueParams = z.object({ date: IsoDate });
const IssueQuery = z.object({ edition: Edition.catch("evening"), confirm: z.string().optional() });

export function registerIssuePages(server: FastifyInstance, ctx: DeskContext): void {
  server.get<{ Querystring: { q?: string } }>("/issues", async (req, reply) => {
    const view = ctx.view(req);
    const q = String(req.query.q ?? "")
      .trim()
      .slice(0, 100);
    const needle = q.toLowerCase();
    const all = await ctx.deps.store.listIssues();
    const found = needle
      ? all.filter((i) => [i.date, i.title, ...i.sections].some((s) => s.toLowerCase().includes(needle)))
      : all;
    const running = runningDate(ctx);
    const body = html`<form method="get" action="/issues"><input type="search" name="q" value="${q}" placeholder="${view.tr(
      "desk.issues.search",
    )}" size="32"> <button type="submit">${view.tr("desk.issues.searchButton")}</button></form>
${
  found.length === 0
    ? html`<p>${view.tr("desk.issues.none")}</p>`
    : html`<table><thead><tr><th>${view.tr("desk.col.date")}</th><th>${view.tr("desk.col.edition")}</th><th>${view.tr(
        "desk.col.title",
      )}</th><th>${view.tr("desk.col.sections")}</th><th>${view.tr("desk.col.state")}</th></tr></thead><tbody>${found.map(
        (i) =>
          html`<tr><td><a href="/issues/${i.date}?edition=${i.edition}">${i.date}</a></td><td>${view.tr(
            i.edition === "morning" ? "desk.edition.morning" : "desk.edition.evening",
          )}</td><td>${i.title}</td><td>${i.sections.join(", ")}</td><td>${issueState(view, i, running, ctx.deps.config.tz)}</td></tr>`,
      )}</tbody></table>`
}`;
    return ctx.sendPage(reply, page(view, view.tr("desk.issues.title"), body));
  });

  server.get<{ Params: { date: string }; Querystring: Record<string, string> }>(
    "/issues/:date",
    async (req, reply) => {
      const view = ctx.view(req);
      const params = IssueParams.safeParse(req.params);
      const query = IssueQuery.parse(req.query);
      const issue = params.success
        ? await ctx.deps.store.getIssue(params.data.date, query.edition)
        : undefined;
      if (!issue) {
        const title = view.tr("desk.issue.notFound", { date: req.params.date });
        return ctx.sendPage(reply, page(view, title, ""), 404);
      }
      const summary = (await ctx.deps.store.listIssues()).find(
        (i) => i.date === issue.date && i.edition === issue.edition,
      );
      const running = runningDate(ctx);
      const session = req.deskSession as Session;
      const followed = session.pushing === issue.date;
      session.pushing = undefined;
      const chats = (await ctx.deps.store.listChats()).filter((c) => receivesPushes(c)).length;
      const edition = view.tr(issue.edition === "morning" ? "desk.edition.morning" : "desk.edition.evening");
      const confirm = query.confirm === "1";
      const pushBox = confirm
        ? html`<div class="section" id="push"><p>${view.tr("desk.issue.pushAsk", { date: issue.date, chats })}</p>
<form method="post" action="/issues/${issue.date}/push" class="inline">${view.csrf}<button class="primary" type="submit">${view.tr(
            "desk.issue.confirmPush",
          )}</button></form> <a class="button" href="/issues/${issue.date}">${view.tr("desk.issue.cancel")}</a></div>`
        : html`<p id="push"><a class="button primary" href="/issues/${issue.date}?edition=${issue.edition}&amp;confirm=1#push">${view.tr(
            "desk.issue.push",
          )}</a></p>`;
      const body = html`<p>${summary ? issueState(view, summary, running, ctx.deps.config.tz) : ""}</p>
${running === issue.date || followed ? progressBox(view, issue.date) : ""}
${pushBox}
${issue.headlines.length ? html`<ol>${issue.headlines.map((h) => html`<li>${h.text}</li>`)}</ol>` : ""}
<h2>${view.tr("desk.issue.preview")}</h2>
${previewSection(view, renderIssueParts(issue))}`;
      return ctx.sendPage(
        reply,
        page(view, view.tr("desk.issue.title", { date: issue.date, edition, title: issue.title }), body),
      );
    },
  );

  server.post<{ Params: { date: string } }>("/issues/:date/push", async (req, reply) => {
    const params = IssueParams.safeParse(req.params);
    if (!params.success)
      return ctx.done(req, reply, "/issues", params.error.issues[0]?.message ?? "bad date", false);
    const session = req.deskSession as Session;
    const before = Date.now() - 1000;
    const answer = await runAsAdmin(ctx.deps, session, `/push ${params.data.date}`);
    const report = await loadPushReport(ctx.deps.store, ctx.deps.config, params.data.date);
    const started =
      ctx.deps.delivery.running !== undefined ||
      (report !== undefined && report.chatsPlanned > 0 && Date.parse(report.startedAt) >= before);
    if (started) session.pushing = params.data.date;
    return ctx.done(req, reply, `/issues/${params.data.date}`, answer, started);
  });
}

import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  APPLICATIONS,
  type ApplicationRecord,
  maskContact,
  maskName,
  toCsv,
} from "../../core/apply/index.ts";
import type { MessageKey } from "../../core/i18n/index.ts";
import { auditDesk, runAsAdmin } from "../actions.ts";
import type { Session } from "../auth.ts";
import { html } from "../html.ts";
import { page, type View } from "../layout.ts";
import type { DeskContext } from "../server.ts";
import { localTime } from "./today.ts";

const STATUSES = ["pending", "approved", "rejected", "withdrawn"] as const;
const Status = z.enum(STATUSES);
const AppId = z.string().regex(/^\d{1,9}$/);
const RejectForm = z.object({ reason: z.string().trim().max(500).default("") });

function statusLabel(view: View, s: ApplicationRecord["status"]): string {
  return view.tr(`desk.apps.status.${s}` as MessageKey);
}

async function list(ctx: DeskContext): Promise<ApplicationRecord[]> {
  const all = await ctx.deps.store.collection<ApplicationRecord>(APPLICATIONS).list();
  return all.sort((a, b) => Number(b.id) - Number(a.id));
}

export function registerApplicationPages(server: FastifyInstance, ctx: DeskContext): void {
  server.get<{ Querystring: { status?: string } }>("/applications", async (req, reply) => {
    const view = ctx.view(req);
    const status = Status.safeParse(req.query.status);
    const apps = (await list(ctx)).filter((a) => !status.success || a.status === status.data);
    const filter = html`<p>${[
      html`<a class="button" href="/applications"${status.success ? "" : html` aria-current="page"`}>${view.tr("desk.apps.all")}</a>`,
      ...STATUSES.map(
        (s) =>
          html` <a class="button" href="/applications?status=${s}"${status.success && status.data === s ? html` aria-current="page"` : ""}>${statusLabel(view, s)}</a>`,
      ),
    ]} <a class="button" href="/applications.csv${status.success ? `?status=${status.data}` : ""}" download>${view.tr("desk.apps.export")}</a></p>`;
    const body = html`${filter}${
      apps.length === 0
        ? html`<p>${view.tr("desk.apps.none")}</p>`
        : html`<table><thead><tr><th>#</th><th>${view.tr("desk.col.shop")}</th><th>${view.tr("desk.apps.field.platform")}</th><th>${view.tr(
            "desk.apps.field.category",
          )}</th><th>${view.tr("desk.col.applicant")}</th><th>${view.tr("desk.col.contact")}</th><th>${view.tr(
            "desk.col.submitted",
          )}</th><th>${view.tr("desk.col.state")}</th></tr></thead><tbody>${apps.map(
            (a) =>
              html`<tr data-application="${a.id}"><td><a href="/applications/${a.id}">#${a.id}</a></td><td><a href="/applications/${a.id}">${a.shopName}</a></td><td>${a.shopPlatform}</td><td>${a.category}</td><td>${
                a.contactName ? maskName(a.contactName) : "–"
              }</td><td>${maskContact(a.contact) ?? "–"}</td><td>${localTime(view, a.createdAt, ctx.deps.config.tz)}</td><td><span class="badge" data-status="${a.status}">${statusLabel(
                view,
                a.status,
              )}</span></td></tr>`,
          )}</tbody></table>`
    }`;
    return ctx.sendPage(reply, page(view, view.tr("desk.apps.title"), body));
  });

  server.get<{ Querystring: { status?: string } }>("/applications.csv", async (req, reply) => {
    const session = req.deskSession as Session;
    const status = Status.safeParse(req.query.status);
    const apps = (await list(ctx)).filter((a) => !status.success || a.status === status.data);
    await auditDesk(
      ctx.deps,
      session,
      `applications export ${status.success ? status.data : "all"}`,
      true,
      `${apps.length} rows`,
    );
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="applications.csv"`)
      .send(`\uFEFF${toCsv(apps)}`);
  });

  server.get<{ Params: { id: string } }>("/applications/:id", async (req, reply) => {
    const view = ctx.view(req);
    const id = AppId.safeParse(req.params.id);
    const app = id.success
      ? await ctx.deps.store.collection<ApplicationRecord>(APPLICATIONS).get(String(Number(id.data)))
      : undefined;
    if (!app)
      return ctx.sendPage(reply, page(view, view.tr("desk.apps.notFound", { id: req.params.id }), ""), 404);
    // The one place contacts are shown in full: opening it is audited like the chat's /applications.
    await auditDesk(ctx.deps, req.deskSession as Session, `application ${app.id}`, true, "viewed");
    const row = (key: MessageKey, value: string | undefined | null) =>
      html`<dt>${view.tr(key)}</dt><dd>${value ?? "–"}</dd>`;
    const actions =
      app.status === "pending"
        ? html`<form method="post" action="/applications/${app.id}/approve" class="inline">${view.csrf}<button class="primary" type="submit" data-action="approve">${view.tr(
            "desk.apps.approve",
          )}</button></form>
<form method="post" action="/applications/${app.id}/reject" class="inline">${view.csrf}<input type="text" name="reason" placeholder="${view.tr(
            "desk.apps.reason",
          )}" size="30" required maxlength="500"> <button class="danger" type="submit" data-action="reject">${view.tr("desk.apps.reject")}</button></form>`
        : "";
    const body = html`<dl>
${row("desk.apps.field.status", statusLabel(view, app.status))}
${row("desk.apps.field.shopName", app.shopName)}${row("desk.apps.field.platform", app.shopPlatform)}${row("desk.apps.field.shopLink", app.shopLink)}
${row("desk.apps.field.category", app.category)}${row("desk.apps.field.contactName", app.contactName)}
${row("desk.apps.field.contact", app.contact ? `${app.contact.kind}: ${app.contact.value}` : undefined)}
${row("desk.col.applicant", app.applicantName ? `${app.applicantName} (${app.applicantId})` : app.applicantId)}
${row("desk.col.submitted", localTime(view, app.createdAt, ctx.deps.config.tz))}
${app.rejectReason ? row("desk.apps.field.reason", app.rejectReason) : ""}</dl>
<p>${actions}</p>
<form method="post" action="/applications/${app.id}/forget">${view.csrf}<p class="muted">${view.tr("desk.apps.forgetAsk")}</p><button class="danger" type="submit">${view.tr(
      "desk.apps.forget",
    )}</button></form>`;
    return ctx.sendPage(reply, page(view, view.tr("desk.apps.detail", { id: app.id }), body));
  });

  server.post<{ Params: { id: string } }>("/applications/:id/:verb", async (req, reply) => {
    const { verb } = req.params as { id: string; verb: string };
    const id = AppId.safeParse(req.params.id);
    if (!id.success || !["approve", "reject", "forget"].includes(verb)) return reply.code(404).send();
    const session = req.deskSession as Session;
    let line = `/${verb} ${id.data}`;
    if (verb === "reject") {
      const form = RejectForm.safeParse(req.body);
      const reason = form.success ? form.data.reason.replace(/\s+/g, " ") : "";
      line = `${line} ${reason}`.trim();
    }
    const answer = await runAsAdmin(ctx.deps, session, line);
    return ctx.done(req, reply, `/applications/${id.data}`, answer);
  });
}

import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { BROADCAST_MAX_CHARS } from "../../delivery/broadcast.ts";
import { runAsAdmin } from "../actions.ts";
import type { Session } from "../auth.ts";
import { html } from "../html.ts";
import { page, type View } from "../layout.ts";
import type { DeskContext } from "../server.ts";

const BroadcastForm = z.object({
  text: z
    .string()
    .max(BROADCAST_MAX_CHARS * 2)
    .default(""),
});

function composer(view: View, text: string) {
  return html`<form method="post" action="/broadcast/preview">${view.csrf}
<p><label for="broadcast-text">${view.tr("desk.broadcast.text")}</label><textarea id="broadcast-text" name="text" maxlength="${BROADCAST_MAX_CHARS}" style="min-height:140px">${text}</textarea></p>
<p><button class="primary" type="submit">${view.tr("desk.broadcast.preview")}</button></p></form>`;
}

/**
 * The announcement as `/broadcast` handles it in a chat: the preview drafts it for the signed-in
 * admin (the same draft a chat confirmation would find), the confirmation starts it.
 */
export function registerBroadcastPages(server: FastifyInstance, ctx: DeskContext): void {
  server.get("/broadcast", async (req, reply) => {
    const view = ctx.view(req);
    return ctx.sendPage(reply, page(view, view.tr("desk.broadcast.title"), composer(view, "")));
  });

  server.post("/broadcast/preview", async (req, reply) => {
    const view = ctx.view(req);
    const form = BroadcastForm.safeParse(req.body);
    const text = form.success ? form.data.text.trim() : "";
    const answer = await runAsAdmin(ctx.deps, req.deskSession as Session, `/broadcast ${text}`);
    const audience = await ctx.deps.delivery.broadcastAudience();
    const drafted = text.length > 0 && audience.total > 0 && text.length <= BROADCAST_MAX_CHARS;
    const body = html`<div class="section"><div class="bubble" style="white-space:pre-wrap">${answer}</div></div>
<p><strong>${view.tr("desk.broadcast.reach", { total: audience.total })}</strong></p>
<table><tbody>${Object.entries(audience.perPlatform).map(([p, n]) => html`<tr><td>${p}</td><td>${n}</td></tr>`)}</tbody></table>
${
  drafted
    ? html`<form method="post" action="/broadcast/confirm" class="inline">${view.csrf}<button class="primary" type="submit">${view.tr(
        "desk.broadcast.confirm",
      )}</button></form> <form method="post" action="/broadcast/cancel" class="inline">${view.csrf}<button type="submit">${view.tr(
        "desk.broadcast.cancel",
      )}</button></form>`
    : ""
}
${composer(view, text)}`;
    return ctx.sendPage(reply, page(view, view.tr("desk.broadcast.title"), body));
  });

  for (const verb of ["confirm", "cancel"] as const) {
    server.post(`/broadcast/${verb}`, async (req, reply) => {
      const answer = await runAsAdmin(ctx.deps, req.deskSession as Session, `/broadcast ${verb}`);
      return ctx.done(req, reply, verb === "confirm" ? "/reports" : "/broadcast", answer);
    });
  }
}

import type { FastifyInstance } from "fastify";
import { t } from "../core/i18n/index.ts";
import { loadPushReport } from "../delivery/report.ts";
import { html, type SafeHtml } from "./html.ts";
import type { View } from "./layout.ts";
import type { DeskContext } from "./server.ts";

/** How often the progress stream looks at the running push. */
const TICK_MS = 300;

/**
 * A live progress box: the page shows it while a push runs (or was just started), and /desk.js
 * fills it from `/events/push` until the push is over. Without the script, a reload shows the state.
 */
export function progressBox(view: View, date: string): SafeHtml {
  return html`<div class="progress" data-progress-url="/events/push?date=${date}" data-state="running">
<strong>${view.tr("desk.progress")}</strong> <progress max="1" value="0"></progress> <span data-progress-text>…</span></div>`;
}

export function registerProgressStream(server: FastifyInstance, ctx: DeskContext): void {
  server.get<{ Querystring: { date?: string } }>("/events/push", async (req, reply) => {
    const { delivery, store, config } = ctx.deps;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(req.query.date ?? "") ? req.query.date : undefined;
    const locale = req.deskSession?.locale ?? config.locale;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-content-type-options": "nosniff",
    });
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    let closed = false;
    req.raw.on("close", () => {
      closed = true;
    });
    let last = "";
    while (!closed) {
      const running = delivery.running;
      if (!running) break;
      const p = running.progress;
      if (p) {
        const now = `${p.done}/${p.total}`;
        if (now !== last) send("progress", p);
        last = now;
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    if (!closed) {
      const report = await loadPushReport(store, config, date);
      const m = report?.messages;
      const summary = m
        ? t(locale, "desk.progress.done", { sent: m.sent, failed: m.failed, skipped: m.skipped })
        : t(locale, "desk.progress.idle");
      send("done", { summary, messages: m ?? null, status: report?.status ?? null });
      res.end();
    }
  });
}

import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { updateChat } from "../../core/chat-record.ts";
import { PAUSED_SETTING } from "../../delivery/paused.ts";
import type { Chat } from "../../domain/chat.ts";
import { auditDesk, runAsAdmin } from "../actions.ts";
import type { Session } from "../auth.ts";
import { html, type SafeHtml } from "../html.ts";
import { page, type View } from "../layout.ts";
import { type ChatOutcome, readChatOutcomes } from "../ledger-read.ts";
import type { DeskContext } from "../server.ts";

const ChatId = z.string().regex(/^[a-z][a-z0-9]*:\S{1,120}$/);
/** A form field that may come once (a string) or several times (an array). */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(5000));
const SubscribeForm = z.object({ chat: many(ChatId) });
const SectionsForm = z.object({
  chat: ChatId,
  sections: many(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/)),
});
const ChatForm = z.object({ chat: ChatId });

/** The chats' outcome in the latest push, as "last delivery". */
async function lastDelivery(
  ctx: DeskContext,
): Promise<{ id: string; byChat: Map<string, ChatOutcome> } | undefined> {
  const latest = (await ctx.deps.store.listIssues()).find((i) => i.pushedAt);
  if (!latest) return undefined;
  const id = `${latest.date}-${latest.edition}`;
  const outcomes = (await readChatOutcomes(ctx.deps.config.dataDir, id, ctx.deps.store.ledgerLogs)) ?? [];
  return { id, byChat: new Map(outcomes.map((o) => [o.chatId, o])) };
}

function stateBadge(view: View, chat: Chat): SafeHtml {
  const key =
    chat.state === "paused"
      ? "desk.chatState.paused"
      : chat.state === "inactive"
        ? "desk.chatState.inactive"
        : "desk.chatState.active";
  return html`<span class="badge" data-chat-state="${chat.state}">${view.tr(key)}</span>${
    chat.inactiveReason ? html` <span class="muted">${chat.inactiveReason}</span>` : ""
  }`;
}

function chatRow(
  view: View,
  chat: Chat,
  sectionKeys: string[],
  last: ChatOutcome | undefined,
  lastId: string | undefined,
): SafeHtml {
  const chosen = chat.sections === "all" ? undefined : new Set(chat.sections);
  const pauseOrResume =
    chat.state === "active"
      ? html`<form method="post" action="/chats/pause" class="inline">${view.csrf}<input type="hidden" name="chat" value="${chat.id}"><button type="submit" data-action="pause">${view.tr("desk.chats.pause")}</button></form>`
      : chat.state === "paused"
        ? html`<form method="post" action="/chats/resume" class="inline">${view.csrf}<input type="hidden" name="chat" value="${chat.id}"><button type="submit" data-action="resume">${view.tr("desk.chats.resume")}</button></form>`
        : "";
  return html`<tr data-chat="${chat.id}"><td>${chat.subscribed ? "" : html`<input type="checkbox" name="chat" value="${chat.id}" form="subscribe-form" aria-label="${chat.id}">`}</td>
<td>${chat.title || chat.id}<br><code class="muted">${chat.id}</code></td><td>${chat.platform}</td><td>${chat.kind}</td>
<td>${stateBadge(view, chat)} <span class="badge">${view.tr(chat.subscribed ? "desk.chats.subscribed" : "desk.chats.notSubscribed")}</span></td>
<td><details><summary>${chosen ? [...chosen].join(", ") : view.tr("desk.chats.allSections")}</summary>
<form method="post" action="/chats/sections">${view.csrf}<input type="hidden" name="chat" value="${chat.id}">${sectionKeys.map(
    (k) =>
      html`<label><input type="checkbox" name="sections" value="${k}"${!chosen || chosen.has(k) ? html` checked` : ""}> ${k}</label> `,
  )}<button type="submit">${view.tr("desk.chats.saveSections")}</button></form></details></td>
<td>${chat.locale ?? "–"}</td>
<td>${last ? html`${lastId}: ${view.tr("desk.col.sent")} ${last.sent}${last.failed ? html` · ${view.tr("desk.col.failed")} ${last.failed}` : ""}${last.skipped ? html` · ${view.tr("desk.col.skipped")} ${last.skipped}` : ""}` : "–"}</td>
<td>${pauseOrResume}</td></tr>`;
}

export function registerChatPages(server: FastifyInstance, ctx: DeskContext): void {
  server.get("/chats", async (req, reply) => {
    const view = ctx.view(req);
    const { store } = ctx.deps;
    const chats = (await store.listChats()).sort(
      (a, b) =>
        a.platform.localeCompare(b.platform) ||
        Number(b.subscribed) - Number(a.subscribed) ||
        a.id.localeCompare(b.id),
    );
    const latestIssue = (await store.listIssues())[0];
    const issue = latestIssue ? await store.getIssue(latestIssue.date, latestIssue.edition) : undefined;
    const sectionKeys = [
      "headlines",
      ...(issue?.sections.map((s) => s.key) ?? ["ecommerce", "internet", "crossborder", "view"]),
    ];
    const last = await lastDelivery(ctx);
    const unsubscribed = chats.filter((c) => !c.subscribed && c.state !== "inactive").length;
    const paused = await store.getSetting<boolean>(PAUSED_SETTING);
    const body = chats.length
      ? html`<p>${view.tr("desk.chats.knownRooms", { count: unsubscribed })}</p>
<p><form method="post" action="/chats/${paused ? "resume" : "pause"}-all" class="inline">${view.csrf}<button type="submit">${view.tr(
          paused ? "desk.chats.resumeAll" : "desk.chats.pauseAll",
        )}</button></form>
<form method="post" action="/chats/subscribe" id="subscribe-form" class="inline">${view.csrf}<button type="submit" class="primary">${view.tr(
          "desk.chats.subscribeSelected",
        )}</button></form></p>
<table><thead><tr><th><input type="checkbox" data-select-all aria-label="all"></th><th>${view.tr("desk.col.chat")}</th><th>${view.tr(
          "desk.col.platform",
        )}</th><th>${view.tr("desk.col.kind")}</th><th>${view.tr("desk.col.state")}</th><th>${view.tr("desk.col.sections")}</th><th>${view.tr(
          "desk.col.language",
        )}</th><th>${view.tr("desk.col.lastDelivery")}</th><th>${view.tr("desk.col.actions")}</th></tr></thead>
<tbody>${chats.map((c) => chatRow(view, c, sectionKeys, last?.byChat.get(c.id), last?.id))}</tbody></table>`
      : html`<p>${view.tr("desk.chats.none")}</p>`;
    return ctx.sendPage(reply, page(view, view.tr("desk.chats.title"), body));
  });

  for (const verb of ["pause", "resume"] as const) {
    server.post(`/chats/${verb}`, async (req, reply) => {
      const parsed = ChatForm.safeParse(req.body);
      if (!parsed.success) return ctx.done(req, reply, "/chats", "bad chat id", false);
      const answer = await runAsAdmin(ctx.deps, req.deskSession as Session, `/${verb} ${parsed.data.chat}`);
      return ctx.done(req, reply, "/chats", answer);
    });
    server.post(`/chats/${verb}-all`, async (req, reply) => {
      const answer = await runAsAdmin(ctx.deps, req.deskSession as Session, `/${verb}`);
      return ctx.done(req, reply, "/chats", answer);
    });
  }

  server.post("/chats/subscribe", async (req, reply) => {
    const session = req.deskSession as Session;
    const view = ctx.view(req);
    const parsed = SubscribeForm.safeParse(req.body);
    if (!parsed.success) return ctx.done(req, reply, "/chats", "bad chat id", false);
    let count = 0;
    for (const id of parsed.data.chat) {
      const chat = await ctx.deps.store.getChat(id);
      if (!chat || chat.state === "inactive") continue;
      await ctx.deps.store.upsertChat({
        id: chat.id,
        platform: chat.platform,
        kind: chat.kind,
        subscribed: true,
      });
      count++;
    }
    await auditDesk(
      ctx.deps,
      session,
      `subscribe ${parsed.data.chat.join(" ")}`,
      true,
      `subscribed ${count} chats`,
    );
    return ctx.done(req, reply, "/chats", view.tr("desk.chats.subscribedN", { count }));
  });

  server.post("/chats/sections", async (req, reply) => {
    const session = req.deskSession as Session;
    const view = ctx.view(req);
    const parsed = SectionsForm.safeParse(req.body);
    if (!parsed.success) return ctx.done(req, reply, "/chats", "bad input", false);
    const chat = await ctx.deps.store.getChat(parsed.data.chat);
    if (!chat)
      return ctx.done(req, reply, "/chats", view.tr("admin.unknownChat", { chat: parsed.data.chat }), false);
    const sections = parsed.data.sections.length ? parsed.data.sections : "all";
    await updateChat(ctx.deps.store, chat, { sections });
    await auditDesk(
      ctx.deps,
      session,
      `sections ${chat.id} ${sections === "all" ? "all" : sections.join(",")}`,
      true,
      "saved",
    );
    return ctx.done(
      req,
      reply,
      "/chats",
      view.tr("desk.chats.sectionsSaved", { chat: chat.title || chat.id }),
    );
  });
}

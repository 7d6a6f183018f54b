import { z } from "zod";
import {
  BROADCAST_MAX_CHARS,
  type BroadcastStart,
  broadcastAudience,
  broadcastBlocks,
} from "../../delivery/broadcast.ts";
import { type Reply, textReply } from "../ports/index.ts";
import { defineCommand } from "../registry.ts";
import type { CommandContext } from "../types.ts";
import { PAUSED_SETTING } from "./pause.ts";

/** An announcement waiting for its admin's confirmation, kept in the store so a restart does not lose it. */
export interface BroadcastDraft {
  /** The admin who wrote it (namespaced sender id): only they confirm or cancel it. */
  id: string;
  /** Unique per draft: the delivery layer starts one broadcast per draft, however often it is confirmed. */
  draftId: string;
  text: string;
  /** Where it was written (the report goes there). */
  chatId: string;
  createdAt: string;
}

export const BROADCAST_DRAFTS = "broadcastDrafts";

/** How long a preview can be confirmed. */
export const CONFIRM_WITHIN_MS = 10 * 60_000;
const MINUTES = CONFIRM_WITHIN_MS / 60_000;

/** The words the preview invites (its prompt says 确认, its buttons 确认发送 / Send it and 取消 / Cancel). */
const CONFIRM = /^(confirm|yes|y|ok|send|send it|确认|确定|好|发送|确认发送|确认广播)$/i;
const CANCEL = /^(cancel|no|n|取消|不发|取消广播)$/i;

/**
 * A bare word answering the sender's pending preview, in the chat the preview was made in: `确认`,
 * `yes`, `取消`… A pending confirmation accepts the words its prompt invites; anywhere else (no
 * draft of theirs, another chat) the word means what it always means. The word is tested first, so
 * ordinary chatter costs no store read.
 */
export async function pendingBroadcastAnswer(
  store: CommandContext["store"],
  msg: Pick<CommandContext["msg"], "senderId" | "chatId">,
  text: string,
): Promise<"confirm" | "cancel" | undefined> {
  const word = text.trim();
  const action = CONFIRM.test(word) ? "confirm" : CANCEL.test(word) ? "cancel" : undefined;
  if (!action) return undefined;
  const draft = await store.collection<BroadcastDraft>(BROADCAST_DRAFTS).get(msg.senderId);
  return draft && draft.chatId === msg.chatId ? action : undefined;
}

/** The announcement as the admin typed it: plain text, no control characters, trimmed, within the limit. */
const AnnouncementText = z
  .string()
  .transform((s) =>
    s
      .replace(/\r\n?/g, "\n")
      .replace(/\p{Cc}/gu, (c) => (c === "\n" || c === "\t" ? c : ""))
      .trim(),
  )
  .pipe(z.string().min(1).max(BROADCAST_MAX_CHARS));

type Action = "usage" | "confirm" | "cancel" | "preview";

/**
 * The text after `/broadcast`, from the message as it arrived: the router's arguments are folded to
 * half width and cut at 2,000 characters, which must not change an announcement. Falls back to the
 * router's arguments when the command was written some other way (`／broadcast`).
 */
function rawAnnouncement(ctx: CommandContext, folded: string): string {
  const raw = String(ctx.msg.text ?? "");
  const at = raw.search(/[/、]broadcast(?:@[A-Za-z0-9_]+)?(?=\s|$)/i);
  if (at < 0) return folded;
  return raw.slice(at).replace(/^[/、]broadcast(?:@[A-Za-z0-9_]+)?/i, "");
}

function platformsLine(perPlatform: Partial<Record<string, number>>, ctx: CommandContext): string {
  return Object.entries(perPlatform)
    .map(([p, n]) => `${p} ${n}`)
    .join(ctx.t("common.listSeparator"));
}

function drafts(ctx: CommandContext) {
  return ctx.store.collection<BroadcastDraft>(BROADCAST_DRAFTS);
}

/** Drops the draft unless a newer one replaced it meanwhile. */
async function dropDraft(ctx: CommandContext, draft: BroadcastDraft): Promise<void> {
  await drafts(ctx).update(draft.id, (cur) => (cur?.draftId === draft.draftId ? undefined : cur));
}

async function preview(ctx: CommandContext, folded: string): Promise<Reply[]> {
  const raw = rawAnnouncement(ctx, folded);
  const parsed = AnnouncementText.safeParse(raw);
  if (!parsed.success) {
    const length = raw.trim().length;
    if (length > BROADCAST_MAX_CHARS) {
      ctx.outcome = `refused: too long (${length} characters)`;
      return [textReply(ctx.t("broadcast.tooLong", { length, max: BROADCAST_MAX_CHARS }))];
    }
    ctx.outcome = "usage shown";
    return [textReply(ctx.t("usage.broadcast"))];
  }
  const text = parsed.data;
  const audience = ctx.admin?.broadcastAudience
    ? await ctx.admin.broadcastAudience()
    : broadcastAudience(await ctx.store.listChats());
  if (audience.total === 0) {
    ctx.outcome = "not drafted: no subscribed chat";
    return [textReply(ctx.t("broadcast.noAudience"))];
  }
  const now = ctx.now();
  const draft: BroadcastDraft = {
    id: ctx.msg.senderId,
    draftId: `${ctx.msg.senderId}|${now.toISOString()}`,
    text,
    chatId: ctx.msg.chatId,
    createdAt: now.toISOString(),
  };
  // A new preview replaces the admin's previous one: only the latest can be confirmed.
  await drafts(ctx).put(draft);
  const platforms = platformsLine(audience.perPlatform, ctx);
  ctx.outcome = `previewed to ${audience.total} chats (${platforms}), ${text.length} characters`;
  const zh = ctx.locale === "zh-CN";
  const summary: Reply = {
    blocks: [
      {
        kind: "paragraph",
        text: ctx.t("broadcast.audience", { total: audience.total, platforms, minutes: MINUTES }),
      },
    ],
    buttons: [
      [
        {
          text: ctx.t("broadcast.confirmButton"),
          data: "/broadcast confirm",
          ...(zh ? { keyword: "确认广播" } : {}),
        },
        {
          text: ctx.t("broadcast.cancelButton"),
          data: "/broadcast cancel",
          ...(zh ? { keyword: "取消广播" } : {}),
        },
      ],
    ],
  };
  if (await ctx.store.getSetting<boolean>(PAUSED_SETTING))
    summary.blocks.push({ kind: "note", text: ctx.t("broadcast.pausedNote") });
  return [
    {
      blocks: [{ kind: "note", text: ctx.t("broadcast.previewIntro") }, ...broadcastBlocks(text, ctx.locale)],
    },
    summary,
  ];
}

async function confirm(ctx: CommandContext): Promise<Reply[]> {
  const draft = await drafts(ctx).get(ctx.msg.senderId);
  if (!draft) {
    ctx.outcome = "confirm: nothing pending";
    return [textReply(ctx.t("broadcast.nothingPending"))];
  }
  if (ctx.now().getTime() - Date.parse(draft.createdAt) > CONFIRM_WITHIN_MS) {
    await dropDraft(ctx, draft);
    ctx.outcome = `confirm: expired (drafted ${draft.createdAt})`;
    return [textReply(ctx.t("broadcast.expired", { minutes: MINUTES }))];
  }
  if (!ctx.admin?.broadcast) {
    ctx.outcome = "confirm: delivery not running";
    return [textReply(ctx.t("broadcast.notRunning"))];
  }
  const result: BroadcastStart = await ctx.admin.broadcast({
    draftId: draft.draftId,
    text: draft.text,
    requestedBy: ctx.msg.senderId,
    replyTo: ctx.msg.chatId,
  });
  if (result.started) {
    await dropDraft(ctx, draft);
    const platforms = platformsLine(result.perPlatform, ctx);
    ctx.outcome = `confirmed: ${result.id} to ${result.chats} chats (${platforms})`;
    return [textReply(ctx.t("broadcast.started", { id: result.id, chats: result.chats, platforms }))];
  }
  ctx.outcome = `confirm: not started (${result.reason}${result.id ? ` ${result.id}` : ""})`;
  switch (result.reason) {
    case "duplicate":
      await dropDraft(ctx, draft);
      return [textReply(ctx.t("broadcast.duplicate", { id: result.id ?? "" }))];
    case "no-chats":
      await dropDraft(ctx, draft);
      return [textReply(ctx.t("broadcast.noAudience"))];
    case "paused":
      // The draft stays: /resume, then confirm again within the time.
      return [textReply(ctx.t("broadcast.paused"))];
    case "invalid":
      await dropDraft(ctx, draft);
      return [textReply(ctx.t("broadcast.failed", { reason: result.detail ?? result.reason }))];
    default:
      return [textReply(ctx.t("broadcast.failed", { reason: result.detail ?? result.reason }))];
  }
}

async function cancel(ctx: CommandContext): Promise<Reply[]> {
  const draft = await drafts(ctx).get(ctx.msg.senderId);
  if (!draft) {
    ctx.outcome = "cancel: nothing pending";
    return [textReply(ctx.t("broadcast.nothingPending"))];
  }
  await dropDraft(ctx, draft);
  ctx.outcome = `cancelled (drafted ${draft.createdAt})`;
  return [textReply(ctx.t("broadcast.cancelled"))];
}

/**
 * Admin `/broadcast <text>`: a one-off announcement to every active, subscribed chat. It answers
 * with a preview and the reach per platform; `/broadcast confirm` (`确认广播`, or the button) within
 * ten minutes hands it to the delivery layer, `/broadcast cancel` (`取消广播`) drops it. The router
 * checks admin rights on every call and audits each step with the outcome set here.
 */
export const broadcast = defineCommand({
  name: "broadcast",
  keywords: ["确认广播", "取消广播"],
  where: ["group", "private"],
  admin: true,
  listedAdminsOnly: true,
  help: "help.broadcast",
  usage: "usage.broadcast",
  // The announcement itself is validated in run(), from the message as it arrived.
  args: z.string(),
  async run(ctx, folded) {
    const word = ctx.viaKeyword ? ctx.invokedAs : folded.trim();
    let action: Action = "preview";
    if (word === "") action = "usage";
    else if (CONFIRM.test(word)) action = "confirm";
    else if (CANCEL.test(word)) action = "cancel";
    switch (action) {
      case "usage":
        ctx.outcome = "usage shown";
        return [textReply(ctx.t("usage.broadcast"))];
      case "confirm":
        return confirm(ctx);
      case "cancel":
        return cancel(ctx);
      case "preview":
        return preview(ctx, folded);
    }
  },
});

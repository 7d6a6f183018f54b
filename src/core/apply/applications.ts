import type { Config } from "../../config.ts";
import type { Locale } from "../../domain/locale.ts";
import type { Logger } from "../../log.ts";
import type { Store } from "../../store/store.ts";
import { FloodGate } from "../flood.ts";
import { KeyedQueue } from "../keyed-queue.ts";
import { replyLocale } from "../locale.ts";
import type { Incoming, PlatformDirectory, Reply } from "../ports/index.ts";
import type { ApplicationReview, ReviewCommand } from "../types.ts";
import { answer, currentQuestion, type DialogueDeps, isIdle, openDialogue } from "./dialogue.ts";
import { maskSender, safeError } from "./mask.ts";
import type { ApplicationRecord, DialogueRecord } from "./model.ts";
import { ApplyRepo } from "./repo.ts";
import * as review from "./review.ts";
import { type ApplySettings, applySettings } from "./settings.ts";
import { say } from "./views.ts";
import { recognise } from "./words.ts";

/** A review command as the audit log records it (`approve 12`), without a rejection's free text. */
function commandLine(cmd: ReviewCommand): string {
  return cmd.kind === "list" ? `applications ${cmd.status}`.trim() : `${cmd.kind} ${cmd.id ?? ""}`.trim();
}

/** How long an admin's "reply with the reason" stays open. */
const REASON_WAIT_MS = 10 * 60_000;

export interface ApplicationsDeps {
  store: Store;
  config: Config;
  log: Logger;
  /** Which chats are groups (personal data is never shown there), by each platform's rule. */
  platforms: PlatformDirectory;
  now?: () => Date;
  /** Sends a reply to any chat (admins, the applicant) through the app's renderer + rate limiter. */
  outbox: review.Outbox;
  /** Platform capabilities, when the platform has them. */
  invites?: review.Invites;
  /** Overrides for tests; otherwise from the config (`PAPERBOY_DIALOGUE_IDLE_MINUTES`). */
  settings?: Partial<ApplySettings>;
}

export interface Applications extends ApplicationReview {
  /**
   * Called by the router FIRST for every message: if the message belongs to the dialogue (a
   * private chat's /join 加入 申请入会, `/start join`, /cancel 取消 while in a dialogue, an answer,
   * the reason an admin was asked for after the Reject button), returns the replies; else undefined.
   * The review commands are the router's (./commands.ts), which calls `review`.
   */
  handle(msg: Incoming): Promise<Reply[] | undefined>;
  /** Expires idle dialogues (called by a timer in the app, e.g. once a minute) with a polite message. */
  sweep(): Promise<void>;
}

/** The merchant application feature as one unit the router consults before its own commands. */
export function createApplications(deps: ApplicationsDeps): Applications {
  const now = deps.now ?? (() => new Date());
  const settings: ApplySettings = { ...applySettings(deps.config), ...deps.settings };
  const repo = new ApplyRepo(deps.store, deps.log);
  const dialogueDeps: DialogueDeps = { repo, settings, now };
  const reviewDeps: review.ReviewDeps = {
    store: deps.store,
    repo,
    config: deps.config,
    platforms: deps.platforms,
    log: deps.log,
    now,
    outbox: deps.outbox,
    invites: deps.invites,
  };

  /**
   * One sender's messages are handled one at a time: two quick answers (or a double-tapped button)
   * must not both read the same step and overwrite each other.
   */
  const senders = new KeyedQueue();
  const serially = <T>(key: string, fn: () => Promise<T>): Promise<T> => senders.run(key, fn);

  /**
   * The same language the router answers in (core/locale.ts): the chat's stored choice; in a
   * private chat that never chose, the reader's Telegram app language; else PAPERBOY_LOCALE.
   */
  async function localeFor(msg: Incoming): Promise<Locale> {
    return replyLocale(await deps.store.getChat(msg.chatId), msg, deps.config);
  }

  /**
   * Admins asked for a rejection reason, by sender: their next private message is the reason. Kept
   * in memory on purpose: after a restart the admin simply types `/reject N reason`.
   */
  const awaitingReason = new Map<string, { id: string; at: number }>();
  function takeAwaitingReason(senderId: string): { id: string } | undefined {
    const a = awaitingReason.get(senderId);
    if (!a) return undefined;
    awaitingReason.delete(senderId);
    return now().getTime() - a.at <= REASON_WAIT_MS ? a : undefined;
  }

  /** Per-sender brake on messages this module handles: every answer is a store write. */
  const flood = new FloodGate(settings.maxMessagesPerMinute, 60_000);
  function floodBrake(msg: Incoming, locale: Locale): Reply[] | undefined {
    if (msg.localOperator) return undefined;
    const verdict = flood.check(msg.senderId, now().getTime());
    if (verdict === "ok") return undefined;
    if (verdict === "warn") deps.log.info({ who: maskSender(msg.senderId) }, "apply: flood brake");
    return verdict === "warn" ? [say(locale, "slowDown")] : [];
  }

  /** The sender's dialogue `d` (looked up by the caller), unless it sat idle too long: then closed. */
  async function openDialogueOf(
    d: DialogueRecord | undefined,
    locale: Locale,
  ): Promise<{ d?: DialogueRecord; expired?: Reply }> {
    if (!d) return {};
    if (!isIdle(d, now(), settings)) return { d };
    // Idle longer than allowed and the sweep has not run yet: close it now, as the sweep would.
    await repo.deleteDialogue(d.id);
    return { expired: say(locale, "expired", { minutes: settings.idleMinutes }) };
  }

  /** The applicant's open (pending) or accepted application: either means "no second one". */
  async function pendingOf(senderId: string): Promise<ApplicationRecord | undefined> {
    return (await repo.listApplications()).find(
      (a) => a.applicantId === senderId && (a.status === "pending" || a.status === "approved"),
    );
  }

  function statusReply(a: ApplicationRecord, locale: Locale): Reply {
    const key = a.status === "pending" ? "status.pending" : "status.approved";
    return say(locale, key, { id: a.id, shop: a.shopName, date: a.createdAt.slice(0, 10) });
  }

  async function join(msg: Incoming, locale: Locale, d: DialogueRecord | undefined): Promise<Reply[]> {
    if (d) return [currentQuestion(d, locale, "resume")];
    const mine = await pendingOf(msg.senderId);
    if (mine) return [statusReply(mine, locale)];
    const allowed = await repo.recordStart(
      msg.senderId,
      now(),
      settings.startWindowMs,
      settings.maxStartsPerWindow,
    );
    if (!allowed) {
      deps.log.info({ who: maskSender(msg.senderId) }, "apply: too many dialogue starts");
      return [say(locale, "tooManyStarts")];
    }
    deps.log.info({ who: maskSender(msg.senderId), platform: msg.platform }, "apply: dialogue started");
    return openDialogue(dialogueDeps, msg, locale);
  }

  async function reviewCommand(msg: Incoming, cmd: ReviewCommand, locale: Locale): Promise<Reply[]> {
    switch (cmd.kind) {
      case "list":
        return [await review.list(reviewDeps, msg, cmd.status, locale)];
      case "approve":
        return [await review.approve(reviewDeps, msg, cmd.id, locale)];
      case "reject": {
        const { reply, askedForReason } = await review.reject(reviewDeps, msg, cmd.id, cmd.reason, locale);
        if (askedForReason) awaitingReason.set(msg.senderId, { id: cmd.id, at: now().getTime() });
        return [reply];
      }
      case "forget":
        if (cmd.id) return [await review.forgetById(reviewDeps, msg, cmd.id, locale)];
        if (msg.chatKind !== "private") return [say(locale, "forget.privateOnly")];
        return [await review.forgetSelf(reviewDeps, msg, locale)];
    }
  }

  /**
   * A review command the router has let through (an admin, in private or the admin chat; /forget
   * anywhere). In an ordinary group only `/forget N` arrives: it shows nothing there.
   */
  async function reviewMessage(msg: Incoming, cmd: ReviewCommand, locale: Locale): Promise<Reply[]> {
    const brake = floodBrake(msg, locale);
    if (brake) return brake;
    if ([...msg.text].length > settings.maxMessageChars) {
      return [say(locale, "tooLong", { max: settings.maxMessageChars })];
    }
    const inAdminChat = !!deps.config.adminChat && msg.chatId === deps.config.adminChat;
    if (msg.chatKind !== "private" && !inAdminChat) {
      if (cmd.kind === "forget" && !cmd.id) return [say(locale, "forget.privateOnly")];
      // Reviewing shows applicants' shops: only in the admin chat or in private. Refusals are audited.
      const g = await review.gate(reviewDeps, msg, commandLine(cmd), locale);
      return [g.ok ? say(locale, "review.wrongPlace") : g.reply];
    }
    return reviewCommand(msg, cmd, locale);
  }

  /** The dialogue's side of a private chat; groups have none (the router answers `/join` there). */
  async function route(msg: Incoming): Promise<Reply[] | undefined> {
    if (msg.chatKind !== "private") return undefined;
    const r = recognise(msg);
    const cmd = r.command;
    const awaiting = takeAwaitingReason(msg.senderId);
    const stored = await repo.getDialogue(msg.senderId);
    // Most private messages are a reader's `/today`: nothing here for them, and no locale to look up.
    if (!stored && !cmd && !awaiting) return undefined;
    const locale = await localeFor(msg);
    const tooLong = [...msg.text].length > settings.maxMessageChars;

    const { d, expired } = await openDialogueOf(stored, locale);
    const lead = expired ? [expired] : [];
    if (!d && !cmd && !awaiting) return expired ? lead : undefined;
    const brake = floodBrake(msg, locale);
    if (brake) return brake;
    if (tooLong) return [...lead, say(locale, "tooLong", { max: settings.maxMessageChars })];

    if (awaiting) {
      // The admin pressed Reject (`/reject N` alone) and was asked why: this message is the reason.
      if (cmd?.kind === "cancel") return [say(locale, "review.reasonDropped", { id: awaiting.id })];
      if (!cmd && !r.forRouter && r.text) {
        // Admin rights are checked again (and audited): they may have been removed meanwhile.
        const g = await review.gate(reviewDeps, msg, `reject ${awaiting.id}`, locale);
        if (!g.ok) return [g.reply];
        return [(await review.reject(reviewDeps, msg, awaiting.id, msg.text.trim(), locale)).reply];
      }
    }

    if (cmd?.kind === "join") return [...lead, ...(await join(msg, locale, d))];
    if (cmd?.kind === "cancel") {
      if (!d) return expired ? lead : undefined;
      await repo.deleteDialogue(d.id);
      deps.log.info({ who: maskSender(msg.senderId) }, "apply: dialogue cancelled");
      return [say(locale, "cancelled")];
    }
    if (!d) return lead.length > 0 ? lead : undefined;
    // Another command (`/today`, `/help`, `/approve 3`) in the middle of a dialogue is the router's; the dialogue waits.
    if (r.forRouter) return lead.length > 0 ? lead : undefined;

    const outcome = await answer(dialogueDeps, d, msg.text.trim(), r.text, locale);
    if (outcome.kind === "replies") return outcome.replies;
    // A crash after storing but before the dialogue was deleted leaves a confirmed dialogue behind:
    // confirming it again must not file a second application.
    const already = await pendingOf(msg.senderId);
    if (already) {
      await repo.deleteDialogue(d.id);
      return [statusReply(already, locale)];
    }
    const app = await review.saveApplication(reviewDeps, outcome.application);
    await repo.deleteDialogue(d.id);
    await review.announce(reviewDeps, app);
    return [say(locale, "submitted", { id: app.id })];
  }

  async function sweepOne(id: string): Promise<void> {
    const d = await repo.getDialogue(id);
    if (!d || !isIdle(d, now(), settings)) return;
    // Deleted under the store lock only if still idle: an answer that just arrived wins.
    const gone = await repo.deleteDialogueIf(id, (cur) => isIdle(cur, now(), settings));
    if (!gone) return;
    deps.log.info({ who: maskSender(id) }, "apply: idle dialogue expired");
    try {
      await deps.outbox.send(d.chatId, say(d.locale, "expired", { minutes: settings.idleMinutes }));
    } catch (err) {
      deps.log.warn(
        { err: safeError(err, d.chatId), who: maskSender(id) },
        "apply: the expiry notice could not be sent",
      );
    }
  }

  return {
    async handle(msg) {
      try {
        return await serially(msg.senderId, () => route(msg));
      } catch (err) {
        // A store or platform failure must not take the conversation down with it.
        deps.log.error(
          { err: safeError(err, msg.senderId, msg.chatId), who: maskSender(msg.senderId) },
          "apply: handling a message failed",
        );
        // Only our own commands get an apology; anything else goes on to the router.
        return recognise(msg).command ? [say(deps.config.locale, "error")] : undefined;
      }
    },
    async review(msg, cmd, locale) {
      return serially(msg.senderId, () => reviewMessage(msg, cmd, locale));
    },
    async sweep() {
      const dialogues = await repo.listDialogues();
      for (const d of dialogues) {
        if (!isIdle(d, now(), settings)) continue;
        await serially(d.id, () => sweepOne(d.id)).catch((err) =>
          deps.log.warn(
            { err: safeError(err, d.id), who: maskSender(d.id) },
            "apply: sweeping a dialogue failed",
          ),
        );
      }
    },
  };
}

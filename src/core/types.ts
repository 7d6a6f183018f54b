import type { z } from "zod";
import type { Config } from "../config.ts";
import type { BroadcastAudience, BroadcastRequest, BroadcastStart } from "../delivery/broadcast.ts";
import type { Chat } from "../domain/chat.ts";
import type { Locale } from "../domain/locale.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import type { MessageKey, Params } from "./i18n/index.ts";
import type { ChatEvent, Incoming, PlatformDirectory, Reply } from "./ports/index.ts";

/** Provided by the delivery layer; the router calls it for /push. */
export interface AdminActions {
  pushNow(opts: {
    date?: string;
    requestedBy: string;
    replyTo: string;
    /** Push even though the issue was pushed and its ledger is gone (a second copy for every chat). */
    force?: boolean;
  }): Promise<{ started: boolean; message: string }>;
  /**
   * Sends a confirmed `/broadcast` through the durable, rate-limited delivery (createDelivery's
   * `broadcast`). Optional: without it the command says delivery is not running.
   */
  broadcast?(req: BroadcastRequest): Promise<BroadcastStart>;
  /** Who a broadcast would reach on the running platforms (the preview counts the store's chats without it). */
  broadcastAudience?(): Promise<BroadcastAudience>;
  /** A one-time sign-in link to the editor's desk for this admin (undefined when the desk is off). */
  deskLink?(admin: string): Promise<string | undefined>;
  /** Approves an issue or its correction (core/approval.ts); optional like broadcast. */
  approve?(opts: {
    date: string;
    edition: "evening" | "morning";
    requestedBy: string;
  }): Promise<{ outcome: string; message: string }>;
}

/**
 * A feature that sees every message before the router's own commands and may take it (the merchant
 * applications: an open dialogue owns a private chat's text, `/start join`, `/approve 3` in the
 * admin chat). It gets the message as the adapter sent it; returning undefined leaves it to the router.
 */
export interface MessageInterceptor {
  handle(msg: Incoming): Promise<Reply[] | undefined>;
}

export interface CoreDeps {
  store: Store;
  config: Config;
  log: Logger;
  /** Questions about platforms (capabilities, group rule), answered by src/platforms/registry.ts. */
  platforms: PlatformDirectory;
  /** The clock, replaceable in tests. */
  now?: () => Date;
  admin?: AdminActions;
  /** Consulted in order for every message, before the router's commands (e.g. `createApplications(…)`). */
  interceptors?: readonly MessageInterceptor[];
  /** The review behind /applications, /approve, /reject and /forget (`createApplications(…)`). */
  applications?: ApplicationReview;
}

/** The platform-neutral command core: one message or chat event in, the replies to send back out. */
export interface Router {
  handle(msg: Incoming): Promise<Reply[]>;
  onChatEvent(e: ChatEvent): Promise<Reply[]>;
}

/**
 * Where a command may be used. `admin-chat` is PAPERBOY_ADMIN_CHAT only (a group allowed for
 * `group` commands too): for what shows applicants' details, which no ordinary group may see.
 * Admin commands are additionally checked on every call.
 */
export type Place = "group" | "private" | "admin-chat";

/**
 * The merchant applications' review, as the registered review commands reach it
 * (core/apply/commands.ts; createApplications provides it). It keeps the feature's own rules:
 * one message per sender at a time, its flood brake, and personal data never shown in a group.
 */
export interface ApplicationReview {
  review(msg: Incoming, cmd: ReviewCommand, locale: Locale): Promise<Reply[]>;
}

/** A review command with its arguments parsed (`/approve 12`, `拒绝 12 原因`, `/forget`). */
export type ReviewCommand =
  | { kind: "list"; status: string }
  | { kind: "approve"; id: string }
  | { kind: "reject"; id: string; reason: string }
  | { kind: "forget"; id: string | undefined };

/** Everything a command handler needs, resolved once per message by the router. */
export interface CommandContext {
  msg: Incoming;
  store: Store;
  config: Config;
  log: Logger;
  platforms: PlatformDirectory;
  admin?: AdminActions;
  applications?: ApplicationReview;
  now: () => Date;
  /** Today's calendar date in the publisher's timezone (YYYY-MM-DD). */
  today: string;
  /** The language replies are written in. */
  locale: Locale;
  /** The stored chat record, when the chat is known. */
  chat: Chat | undefined;
  /** Whether the sender is a paperboy admin (config.admins) or writes in the admin chat. */
  isPaperboyAdmin: boolean;
  /** The word the reader used (`today`, `今日`, `crossborder`), normalised. */
  invokedAs: string;
  /** True when the command came as a bare keyword (`今日`) rather than a slash command. */
  viaKeyword: boolean;
  /** Translates a catalogue key into the reply language. */
  t(key: MessageKey, params?: Params): string;
  /** Runs another command line as if the reader had sent it (used by `/start join`). */
  dispatch(line: string): Promise<Reply[]>;
  /** Every registered command, for /help. */
  commands: readonly RegisteredCommand[];
  /** Admin commands say here what they did (`paused telegram:-100123`); the router writes it to the audit log. */
  outcome?: string;
}

/** What a command file declares. `A` is the type its argument schema produces. */
export interface CommandSpec<A> {
  /** The canonical slash name, lowercase (`today`). */
  name: string;
  /** Other slash names (`start`, `crossborder`). Telegram allows `[a-z0-9_]{1,32}`. */
  aliases?: string[];
  /** Words that work without a slash (`今日`, `跨境`), matched on the whole message. */
  keywords?: string[];
  /** Whether a keyword may be followed by arguments (`订阅 跨境 电商`); otherwise it must stand alone. */
  keywordTakesArgs?: boolean;
  /**
   * Keyword forms written together with their arguments (`通过 12`, `拒绝12，原因`), tried on the
   * whole (width-folded) message before the plain keywords; group 1 becomes the arguments.
   */
  keywordPatterns?: readonly RegExp[];
  where: readonly Place[];
  /** Only paperboy admins may run it; refusals are audited. */
  admin?: boolean;
  /**
   * Only the admins listed by id in PAPERBOY_ADMINS, not everyone who writes in PAPERBOY_ADMIN_CHAT:
   * for what reaches every group or deletes data (/push, /broadcast, /forget N).
   */
  listedAdminsOnly?: boolean;
  /** Catalogue key of the one-line description shown by /help; commands without one are not listed. */
  help?: MessageKey;
  /** Catalogue key of the usage text shown when the arguments do not validate. */
  usage?: MessageKey;
  /**
   * What the audit log records for an admin command, from its raw arguments (default: the name and
   * the arguments as typed). A rejection's reason is between the admin and the applicant: left out.
   */
  auditAs?: (rawArgs: string) => string;
  /** Validates the raw argument string (already trimmed and width-folded) at the boundary. */
  args: z.ZodType<A, string>;
  run(ctx: CommandContext, args: A): Promise<Reply[]>;
}

/** A command with its argument type erased, as the registry holds it. */
export interface RegisteredCommand {
  name: string;
  aliases: readonly string[];
  keywords: readonly string[];
  keywordTakesArgs: boolean;
  keywordPatterns: readonly RegExp[];
  where: readonly Place[];
  admin: boolean;
  listedAdminsOnly: boolean;
  help?: MessageKey;
  usage?: MessageKey;
  auditAs?: (rawArgs: string) => string;
  /** Parses the arguments; `ok: false` carries the validation message for the reply. */
  execute(
    ctx: CommandContext,
    rawArgs: string,
  ): Promise<{ ok: true; replies: Reply[] } | { ok: false; problem: string }>;
}

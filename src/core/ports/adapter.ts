import type { Platform } from "../../domain/chat.ts";
import type { PlatformCapabilities } from "./descriptor.ts";
import type { ChatEvent, Incoming } from "./incoming.ts";
import type { RateLimits } from "./rate-limits.ts";
import type { OutPart, Reply } from "./reply.ts";

/**
 * What an adapter calls for every inbound update. The app behind these handlers routes the update,
 * renders the replies and sends them through the delivery layer's limiter itself; it returns them
 * only for logging and tests. Adapters must NOT send the returned replies again.
 */
export interface InboundHandlers {
  /** Returns the replies that were sent back to the same chat, in order. */
  onMessage(msg: Incoming): Promise<Reply[]>;
  onChatEvent(event: ChatEvent): Promise<Reply[]>;
}

/** Returned by a successful send: the platform's message id, for the delivery ledger. */
export interface SendReceipt {
  messageId: string;
}

/**
 * A platform adapter: a small lifecycle plus one way to send. `send` throws the typed errors of
 * ./errors.ts; it does not throttle or retry (the delivery layer does both for every send).
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** What the platform can do (its descriptor's capabilities); the delivery layer asks `edit` before editing. */
  readonly capabilities?: PlatformCapabilities;
  /** How fast this account may send (its descriptor's `limits`); the delivery limiter enforces them. Absent: unlimited. */
  readonly limits?: RateLimits;
  start(handlers: InboundHandlers): Promise<void>;
  stop(): Promise<void>;
  /** Turns a reply into this platform's parts (renderer + limits). */
  render(reply: Reply): OutPart[];
  send(chatId: string, part: OutPart): Promise<SendReceipt>;
  /**
   * Whether the account can send right now (an account that must be logged in). Adapters without it
   * are always ready; the dispatcher waits on `whenReady` instead of spending retries while offline.
   */
  isReady?(): boolean;
  whenReady?(signal?: AbortSignal): Promise<void>;
  /** Resolves when the platform's input has ended for good (a terminal's EOF); platforms that run until stopped leave it out. */
  readonly ended?: Promise<void>;
  /** A one-use, expiring invite link to a group, for approved club applicants (capability `inviteLinks`). */
  createInviteLink?(chatId: string): Promise<string>;
  /** Adds a person (their private chat id) to a group directly (capability `addToGroup`). */
  addToRoom?(roomChatId: string, userChatId: string): Promise<void>;
}

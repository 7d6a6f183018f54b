/**
 * Typed send failures, grouped by what the delivery layer should do about them. Adapters map
 * their platform's errors onto these and keep the platform's own code and description.
 */
export class SendError extends Error {
  constructor(
    message: string,
    /** The platform's error code (HTTP-like for Telegram), if any. */
    readonly code?: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Over a rate limit: wait `retryAfterSeconds`, then send the same message again. */
export class RateLimited extends SendError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `rate limited: retry after ${retryAfterSeconds}s`,
    cause?: unknown,
  ) {
    super(message, 429, cause);
  }
}

/** The bot can no longer write there (kicked, blocked, chat deleted): stop sending to this chat. */
export class ChatGone extends SendError {
  constructor(
    readonly reason: string,
    code = 403,
    cause?: unknown,
  ) {
    super(`chat gone: ${reason}`, code, cause);
  }
}

/** The group became a supergroup with a new id: move the subscription and resend there. */
export class ChatMigrated extends SendError {
  constructor(
    /** The platform's raw id of the new chat (not namespaced). */
    readonly newRawChatId: string,
    cause?: unknown,
  ) {
    super(`chat migrated to ${newRawChatId}`, 400, cause);
  }
}

/** The platform refused the markup: a renderer bug; retrying the same text cannot help. */
export class BadMarkup extends SendError {}

/** The text is over the platform's limit: a splitter bug; retrying the same text cannot help. */
export class TooLong extends SendError {}

/** The platform or the network failed in a way that may pass (5xx, reset, timeout): retry with backoff. */
export class TransientError extends SendError {}

/** Anything else the platform refused (400 of another kind): not retried. */
export class PermanentError extends SendError {}

export function isRetryable(e: unknown): boolean {
  return e instanceof RateLimited || e instanceof TransientError;
}

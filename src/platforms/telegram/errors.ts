import { TelegramError } from "telegraf";
import {
  BadMarkup,
  ChatGone,
  ChatMigrated,
  PermanentError,
  RateLimited,
  SendError,
  TooLong,
  TransientError,
} from "../../core/ports/index.ts";
import { redactSecrets } from "../../log.ts";

/** Network failures node-fetch reports (telegraf's HTTP client) that may pass on a retry. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
]);

function errorInfo(err: unknown): { name?: string; code?: string; type?: string; message: string } {
  if (err && typeof err === "object") {
    const e = err as { name?: unknown; code?: unknown; type?: unknown; message?: unknown };
    return {
      name: typeof e.name === "string" ? e.name : undefined,
      code: typeof e.code === "string" ? e.code : undefined,
      type: typeof e.type === "string" ? e.type : undefined,
      message: redactSecrets(typeof e.message === "string" ? e.message : String(err)),
    };
  }
  return { message: redactSecrets(String(err)) };
}

/**
 * Maps whatever a Bot API call threw onto the delivery layer's typed errors, keeping Telegram's
 * code and description. Decided by `error_code`, then `parameters`, then the description's wording
 * (the API's only machine-readable signal for markup and length errors).
 */
export function toSendError(err: unknown): SendError {
  if (err instanceof TelegramError) {
    const code = err.code;
    const description = redactSecrets(err.description ?? err.message);
    const params = err.parameters ?? {};
    if (code === 429) return new RateLimited(params.retry_after ?? 5, description, err);
    if (params.migrate_to_chat_id !== undefined)
      return new ChatMigrated(String(params.migrate_to_chat_id), err);
    if (code === 403) return new ChatGone(description.replace(/^Forbidden:\s*/, ""), 403, err);
    if (code >= 500) return new TransientError(description, code, err);
    if (code === 400) {
      if (/can't parse entities/i.test(description)) return new BadMarkup(description, code, err);
      if (/message is too long|caption is too long|MESSAGE_TOO_LONG/i.test(description)) {
        return new TooLong(description, code, err);
      }
      // The chat no longer exists (deleted group, wrong id): nothing to deliver there any more.
      if (/chat not found|group chat was deactivated/i.test(description))
        return new ChatGone(description, 400, err);
    }
    return new PermanentError(description, code, err);
  }
  const info = errorInfo(err);
  if (
    info.name === "FetchError" ||
    info.name === "AbortError" ||
    info.name === "TimeoutError" ||
    info.type === "request-timeout" ||
    (info.code !== undefined && TRANSIENT_CODES.has(info.code))
  ) {
    return new TransientError(info.message, undefined, err);
  }
  // A local image that is missing or unreadable, or anything else: retrying will not help.
  return new PermanentError(info.message, undefined, err);
}

/**
 * A failed send the Bot API refused with an error answer (5xx, 429, 400, 403): no message was made,
 * so Telegram's limits did not count it. A network failure or a non-JSON answer (a proxy's HTML
 * page) is not one: the request may have arrived and been carried out.
 */
export function refusedByApi(err: unknown): boolean {
  return err instanceof SendError && err.cause instanceof TelegramError;
}

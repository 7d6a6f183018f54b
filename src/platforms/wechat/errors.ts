import {
  ChatGone,
  PermanentError,
  RateLimited,
  SendError,
  TooLong,
  TransientError,
} from "../../core/ports/index.ts";

/**
 * Puppets report failures as plain Errors (or gRPC errors through wechaty-puppet-service) with no
 * shared codes, so the mapping reads the message. Anything unrecognised counts as transient: the
 * delivery layer retries a few times with backoff and then gives up, which costs little, while
 * dropping a message on an unknown but passing failure (a puppet restarting) would lose it.
 */

/** WeChat answers a burst with "发送消息过于频繁" / "操作频繁"; the account needs a long rest, not a quick retry. */
const TOO_FREQUENT = /频繁|too\s*frequent|frequency|rate.?limit/i;
/** The bot is not (or no longer) in that room, or the contact deleted it. */
const GONE =
  /not\s+(a\s+)?(room\s+)?member|not\s+in\s+(the\s+)?room|not\s+(your\s+)?friend|kicked|removed|已被移出|不在群|非好友|no\s+payload\s+found|not\s+exist/i;
const TOO_LONG = /too\s+long|过长/i;
const NOT_LOGGED_IN = /not\s+logged?\s*in|not\s+login|logout|NOPUPPET/i;
const FILE_MISSING = /ENOENT|EISDIR|no such file/i;

/** gRPC status codes (wechaty-puppet-service): UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;

/** How long to rest an account WeChat called too busy (no number comes with the complaint). */
export const WECHAT_TOO_FREQUENT_REST_SECONDS = 60;

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "string") return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/** A puppet failure → the typed error the delivery layer acts on (keeps the original as `cause`). */
export function mapPuppetError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const text = errorText(err);
  const code = grpcCode(err);
  if (TOO_FREQUENT.test(text) || code === GRPC_RESOURCE_EXHAUSTED) {
    return new RateLimited(WECHAT_TOO_FREQUENT_REST_SECONDS, `WeChat says too frequent: ${text}`, err);
  }
  if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) {
    return new TransientError(`puppet unreachable: ${text}`, code, err);
  }
  if (NOT_LOGGED_IN.test(text)) return new TransientError(`WeChat is not logged in: ${text}`, undefined, err);
  if (FILE_MISSING.test(text)) return new PermanentError(text, code, err);
  if (GONE.test(text)) return new ChatGone(text, 404, err);
  if (TOO_LONG.test(text)) return new TooLong(text, code, err);
  return new TransientError(text, code, err);
}

/**
 * True for the errors that mean the puppet connection itself is down (a puppet server restarted, the
 * gRPC stream ended), as opposed to one payload failing to load: only these trigger a reconnect.
 */
export function isConnectionLost(err: unknown): boolean {
  const code = grpcCode(err);
  if (code === GRPC_UNAVAILABLE) return true;
  const text = errorText(err);
  return /UNAVAILABLE|Connection dropped|No connection established|ECONNREFUSED|ECONNRESET|Call cancelled|stream.*(ended|closed)|WatchdogAgent reset/i.test(
    text,
  );
}

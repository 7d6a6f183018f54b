import pRetry, { AbortError } from "p-retry";
import { type Telegram, TelegramError } from "telegraf";
import type { UserFromGetMe } from "telegraf/types";
import { ConfigError } from "../../config.ts";
import { isRetryable } from "../../core/ports/index.ts";
import { type Logger, redactSecrets } from "../../log.ts";
import { PlatformUnreachable, startupRetry } from "../startup.ts";
import { toSendError } from "./errors.ts";

/** What an operator reads when the Bot API refuses the token: the fix, not the HTTP status. */
export const TOKEN_REJECTED = "Telegram token rejected, check TELEGRAM_BOT_TOKEN (as given by @BotFather)";

/**
 * The Bot API answers a revoked or mistyped token with 401 Unauthorized (404 when the token is not
 * even shaped like one). That is a configuration mistake, not an outage: retrying cannot help.
 */
export function isTokenRejected(err: unknown): boolean {
  return err instanceof TelegramError && (err.code === 401 || err.code === 404);
}

/** Why getMe failed, in words an operator can act on; never contains the token. */
export function getMeProblem(err: unknown, apiRoot: string): string {
  if (isTokenRejected(err)) return TOKEN_REJECTED;
  return `cannot reach the Bot API at ${new URL(apiRoot).origin}: ${toSendError(err).message}`;
}

/**
 * The bot's identity (getMe) at start. A network outage or a 5xx is retried with backoff for
 * `retrySeconds` (PAPERBOY_START_RETRY_SECONDS), so a bot started before the network (systemd at
 * boot, a container before its DNS) comes up on its own; after that it exits 1 and the service
 * manager's restart policy takes over. A rejected token fails at once as a ConfigError (exit code 2)
 * naming the variable.
 */
export async function fetchIdentity(
  telegram: Telegram,
  apiRoot: string,
  log: Logger,
  retrySeconds: number,
): Promise<UserFromGetMe> {
  return pRetry(
    async () => {
      try {
        return await telegram.getMe();
      } catch (err) {
        if (isTokenRejected(err)) throw new AbortError(new ConfigError(TOKEN_REJECTED));
        const e = toSendError(err);
        throw isRetryable(e) ? e : new AbortError(e);
      }
    },
    {
      ...startupRetry(retrySeconds),
      onFailedAttempt: (e) =>
        log.warn(
          { err: redactSecrets(e.message), attempt: e.attemptNumber, retriesLeft: e.retriesLeft },
          "telegram: the Bot API is unreachable, retrying",
        ),
    },
  ).catch((err: unknown) => {
    if (err instanceof ConfigError) throw err;
    throw new PlatformUnreachable(`telegram: ${getMeProblem(err, apiRoot)}`);
  });
}

import pRetry, { AbortError } from "p-retry";
import { ConfigError } from "../../config.ts";
import { type Logger, redactSecrets } from "../../log.ts";
import { PlatformUnreachable, startupRetry } from "../startup.ts";
import type { WechatConfig } from "./descriptor.ts";

export const PUPPET_SERVICE = "wechaty-puppet-service";

type ServiceSettings = Pick<WechatConfig, "puppet" | "serviceToken" | "serviceEndpoint" | "serviceAuthority">;

/** The reason a fetch failed, as short as an operator needs it (`ECONNREFUSED`, `HTTP 502`). */
function reasonOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const text = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return redactSecrets(text);
}

class DirectoryAnswered extends Error {}

/**
 * Asks the puppet service directory (wechaty's token discovery, `https://<authority>/v0/hosties/<token>`)
 * where the token's puppet service runs. Resolves `host:port`; a token the directory does not know
 * is a ConfigError; a directory that cannot be reached throws with the reason (never the token).
 */
export async function lookUpPuppetService(settings: ServiceSettings, timeoutMs = 10_000): Promise<string> {
  const token = settings.serviceToken ?? "";
  const url = `https://${settings.serviceAuthority}/v0/hosties/${encodeURIComponent(token)}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new Error(reasonOf(err));
  }
  if (res.status >= 400 && res.status < 500) {
    throw new ConfigError(
      `WeChat puppet service token unknown to ${settings.serviceAuthority}, check WECHATY_PUPPET_SERVICE_TOKEN`,
    );
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json().catch(() => undefined)) as { host?: unknown; port?: unknown } | undefined;
  if (!body || typeof body.host !== "string" || !Number(body.port))
    throw new DirectoryAnswered(`the directory's answer has no host and port`);
  return `${body.host}:${Number(body.port)}`;
}

/**
 * Where wechaty-puppet-service should connect when only a token is given, settled before wechaty starts. Left to itself, its
 * resolver prints a stack per failed lookup and then crashes Node with a TypeError in wechaty-token
 * (`this.listener.onError is not a function`); resolved here, it gets a plain `host:port` endpoint.
 * Lookups are retried like every platform at start; the failure is one line naming what to check.
 */
export async function resolvePuppetEndpoint(
  settings: ServiceSettings,
  log: Logger,
  retrySeconds: number,
): Promise<string | undefined> {
  if (settings.puppet !== PUPPET_SERVICE) return undefined;
  // Given by the operator: wechaty-puppet-service reads it from the environment itself.
  if (settings.serviceEndpoint) return undefined;
  if (!settings.serviceToken) {
    throw new ConfigError(
      `WECHATY_PUPPET=${PUPPET_SERVICE} needs WECHATY_PUPPET_SERVICE_TOKEN (from your puppet service provider), or WECHATY_PUPPET_SERVICE_ENDPOINT`,
    );
  }
  return pRetry(
    async () => {
      try {
        return await lookUpPuppetService(settings);
      } catch (err) {
        throw err instanceof ConfigError || err instanceof DirectoryAnswered ? new AbortError(err) : err;
      }
    },
    {
      ...startupRetry(retrySeconds),
      onFailedAttempt: (e) =>
        log.warn(
          { err: e.message, authority: settings.serviceAuthority, attempt: e.attemptNumber },
          "wechat: the puppet service directory is unreachable, retrying",
        ),
    },
  ).catch((err: unknown) => {
    if (err instanceof ConfigError) throw err;
    throw new PlatformUnreachable(
      `wechat: cannot look up the puppet service at ${settings.serviceAuthority} (${err instanceof Error ? err.message : String(err)}); check the network, or set WECHATY_PUPPET_SERVICE_ENDPOINT`,
    );
  });
}

/**
 * p-retry options for reaching a platform at start: 1 s, 2 s, 4 s … at most 15 s apart, for as long
 * as `retrySeconds` (PAPERBOY_START_RETRY_SECONDS) allows. A bot started before the network (systemd
 * at boot, a container before its DNS) comes up on its own; past the budget it exits 1 and the
 * service manager's restart policy takes over. 0: one attempt.
 */
export function startupRetry(retrySeconds: number) {
  return {
    retries: retrySeconds > 0 ? 1000 : 0,
    minTimeout: 1000,
    maxTimeout: 15_000,
    factor: 2,
    maxRetryTime: retrySeconds * 1000,
  };
}

/** A platform could not be reached at start within the retry budget: one line for the operator, exit 1. */
export class PlatformUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlatformUnreachable";
  }
}

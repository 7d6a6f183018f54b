import { type Logger, redactSecrets } from "../../log.ts";

/**
 * Runs inbound work one at a time per chat (a reader's messages are answered in the order sent)
 * and in parallel across chats, outside telegraf's polling loop: a reply waiting on a group's rate
 * limit must not delay every other chat's updates.
 */
export class ChatQueues {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly log: Logger) {}

  run(key: string, updateId: number, job: () => Promise<unknown>): void {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous
      .then(job)
      .then(
        () => undefined,
        (err: unknown) => {
          // Never the token: errors pass through redaction before they reach the log.
          this.log.error(
            {
              updateId,
              chat: key,
              err: redactSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err)),
            },
            "telegram: handling an update failed",
          );
        },
      )
      .finally(() => {
        if (this.tails.get(key) === next) this.tails.delete(key);
      });
    this.tails.set(key, next);
  }

  /** Waits for the work in hand, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.tails.values()]), timeout]);
    clearTimeout(timer);
  }

  get pending(): number {
    return this.tails.size;
  }
}

import { KeyedQueue } from "../../core/keyed-queue.ts";
import { type Logger, redactSecrets } from "../../log.ts";

/**
 * Runs inbound work one at a time per chat (a reader's messages are answered in the order sent)
 * and in parallel across chats, outside telegraf's polling loop: a reply waiting on a group's rate
 * limit must not delay every other chat's updates. Failures are logged here, never thrown.
 */
export class ChatQueues {
  private readonly queue = new KeyedQueue();

  constructor(private readonly log: Logger) {}

  run(key: string, updateId: number, job: () => Promise<unknown>): void {
    this.queue.run(key, job).catch((err: unknown) => {
      // Never the token: errors pass through redaction before they reach the log.
      this.log.error(
        {
          updateId,
          chat: key,
          err: redactSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err)),
        },
        "telegram: handling an update failed",
      );
    });
  }

  /** Waits for the work in hand, at most `timeoutMs`. */
  drain(timeoutMs: number): Promise<void> {
    return this.queue.drain(timeoutMs);
  }

  get pending(): number {
    return this.queue.pending;
  }
}

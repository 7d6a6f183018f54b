import { KeyedQueue } from "../core/keyed-queue.ts";
import { properLockfile } from "../lazy-require.ts";
import type { Logger } from "../log.ts";
import { StoreError } from "./store.ts";

/**
 * The store's write lock, held across processes (the bot and a CLI `import` share one data dir).
 *
 * Across processes: proper-lockfile creates a lock *directory* atomically (mkdir) and keeps its mtime
 * fresh while held; a holder that died (SIGKILL, power cut) leaves a directory whose mtime goes stale,
 * and the next writer removes it after `staleMs`. Inside one process: a KeyedQueue per lock path,
 * so writers of the same process (or two Store instances on one dir) queue instead of polling.
 */
export interface DirLockOptions {
  /** A lock not refreshed for this long is taken as abandoned by a dead process (minimum 2000). */
  staleMs?: number;
  /** How long to keep trying before giving up with a StoreError. */
  waitMs?: number;
  log?: Logger;
}

/** Writers of this process, one queue per lock path (two Store instances on one dir share it). */
const writers = new KeyedQueue();

export class DirLock {
  private readonly staleMs: number;
  private readonly waitMs: number;
  /**
   * Set once the lock was lost while held (removed, or taken over as stale by another process):
   * from then on another writer may be writing too, so this lock refuses every later write rather
   * than write back a copy that no longer knows the other's changes.
   */
  private lost: StoreError | undefined;

  constructor(
    /** An existing directory; its lock lives at `lockPath`. */
    private readonly dir: string,
    private readonly lockPath: string,
    private readonly opts: DirLockOptions = {},
  ) {
    this.staleMs = Math.max(opts.staleMs ?? 10_000, 2000);
    // Long enough to outwait a dead holder's stale lock plus a live holder's slow write.
    this.waitMs = opts.waitMs ?? this.staleMs + 10_000;
  }

  /** Runs `fn` while holding the lock: no other writer, in this process or another, runs meanwhile. */
  async run<R>(fn: () => Promise<R>): Promise<R> {
    return writers.run(this.lockPath, async () => {
      if (this.lost) throw this.lost;
      const release = await this.acquire();
      try {
        return await fn();
      } finally {
        await release().catch((err: Error) =>
          this.opts.log?.warn({ err, lock: this.lockPath }, "store lock release failed"),
        );
      }
    });
  }

  private async acquire(): Promise<() => Promise<void>> {
    try {
      return await properLockfile().lock(this.dir, {
        lockfilePath: this.lockPath,
        stale: this.staleMs,
        // Poll quickly at first (in-process writers already queue, so a wait means another process),
        // then every 200 ms, until `waitMs` has passed.
        retries: { forever: true, maxRetryTime: this.waitMs, factor: 1.4, minTimeout: 5, maxTimeout: 200 },
        // The default throws from a timer and kills the process. A compromised lock (our event loop
        // stalled past `staleMs` and another process took it, or the lock was removed) stops this
        // store's writes instead: loud, but the bot stays up to answer and to report it.
        onCompromised: (err) => {
          this.lost ??= new StoreError(
            `the store's write lock ${this.lockPath} was lost while held (${err.message}); another ` +
              "process may be writing the data dir, so this paperboy writes no more: stop every " +
              "paperboy on it and start one again",
          );
          this.opts.log?.error(
            { err, lock: this.lockPath },
            "store lock was lost while held: writes stopped",
          );
        },
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ELOCKED") throw err;
      throw new StoreError(
        `the data dir is locked by another paperboy process (${this.lockPath}) and stayed locked for ` +
          `${(this.waitMs / 1000).toFixed(1)}s; if no other paperboy runs, the lock is released once stale`,
      );
    }
  }
}

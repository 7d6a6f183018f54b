/**
 * One at a time per key, in parallel across keys: a chat's updates are answered in the order they
 * came, one sender's answers never race each other, two writers of one lock path take turns.
 *
 * Written here rather than taken from a library: p-queue and p-limit limit concurrency overall, not
 * per key, and a keyed mutex package would be a dependency for twenty lines. It imports nothing, so
 * any layer (store, platforms, core) may use it.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * Runs `job` after every job queued before it under `key` has settled (a failed one does not block
   * the next), and resolves or rejects with its outcome. A key with nothing queued is forgotten.
   */
  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(job, job);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once the jobs queued so far have settled, or after `timeoutMs` if given (a stuck job must not hold a stop forever). */
  async drain(timeoutMs?: number): Promise<void> {
    const settled = Promise.all([...this.tails.values()]).then(() => undefined);
    if (timeoutMs === undefined) return settled;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([settled, timeout]);
    clearTimeout(timer);
  }

  /** Resolves once nothing is queued under any key, including work queued while waiting. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  /** How many keys have work queued or running. */
  get pending(): number {
    return this.tails.size;
  }
}

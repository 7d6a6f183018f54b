/**
 * Whether the WeChat account can send right now, and a way to wait until it can. A WeChat account
 * is offline for long stretches in normal operation (waiting for the first QR scan, a reconnect after
 * the puppet server restarted), so sends wait here instead of failing through their retries.
 *
 * One gate holds every waiter itself: hundreds of rooms waiting for one login add no listener each to
 * wechaty (which would trip Node's MaxListenersExceeded warning), only to their own abort signal.
 */
export class LoginGate {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly loggedIn: () => boolean) {}

  isOpen(): boolean {
    return this.loggedIn();
  }

  /** Call on every login: lets every waiter through. */
  open(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const resume of waiting) resume();
  }

  /** Resolves at once when logged in, else at the next login; rejects with the signal's reason when aborted. */
  wait(signal?: AbortSignal): Promise<void> {
    if (this.isOpen()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.waiters.delete(resume);
        reject(signal?.reason);
      };
      const resume = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.waiters.add(resume);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** How many sends are waiting for a login (logs, tests). */
  get waiting(): number {
    return this.waiters.size;
  }
}

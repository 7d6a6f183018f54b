import type { Logger } from "../../log.ts";
import type { Applications } from "./applications.ts";

/**
 * Runs `applications.sweep()` every `everyMs` (default one minute) until the returned function is
 * called. A sweep never overlaps the previous one, a failing sweep is logged and the next one runs
 * anyway, and the timer does not keep the process alive on its own.
 */
export function startSweeper(
  apps: Pick<Applications, "sweep">,
  log: Logger,
  everyMs = 60_000,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = apps
      .sweep()
      .catch((err: unknown) => log.warn({ err: String(err) }, "apply: sweeping idle dialogues failed"))
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

import cliProgress from "cli-progress";
import type { ControlProgress, PushOutcome } from "./control.ts";

/**
 * A progress bar for `paperboy push` on a terminal: pass the result to `requestPush` as its options
 * and the CLI follows the push to its end. When stdout is not a TTY it returns no callbacks, so the
 * CLI just gets the bot's answer and returns (scripts and pipes stay clean), unless told to `wait`.
 */
export function pushProgressBar(stream: NodeJS.WriteStream = process.stdout): {
  onProgress?: (p: ControlProgress) => void;
  onDone?: (summary: string, messages?: PushOutcome["messages"]) => void;
} {
  if (!stream.isTTY) return {};
  const bar = new cliProgress.SingleBar(
    { stream, format: "pushing [{bar}] {value}/{total} messages | {eta_formatted} left", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(p) {
      if (!started) {
        bar.start(p.total, p.done);
        started = true;
      }
      bar.setTotal(p.total);
      bar.update(p.done);
    },
    onDone() {
      if (started) bar.stop();
    },
  };
}

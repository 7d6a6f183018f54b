import cliProgress from "cli-progress";
import type { ControlProgress } from "./control.ts";

/**
 * A progress bar for `paperboy push` on a terminal (nothing when stdout is not a TTY, so logs and
 * pipes stay clean). Pass its callbacks to `requestPush`.
 */
export function pushProgressBar(stream: NodeJS.WriteStream = process.stdout): {
  onProgress: (p: ControlProgress) => void;
  onDone: (summary: string) => void;
} {
  if (!stream.isTTY) return { onProgress: () => {}, onDone: () => {} };
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

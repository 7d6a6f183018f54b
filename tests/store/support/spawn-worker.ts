import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const worker = fileURLToPath(new URL("./store-worker.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface Worker {
  child: ChildProcess;
  /** Resolves with the first stdout line that `match` accepts (rejects if the process exits first). */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  stderr(): string;
}

/** Runs store-worker.ts in its own Node process (through tsx, as the CLI runs). */
export function spawnWorker(args: string[]): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", worker, ...args], {
    cwd: root,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let err = "";
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  const seen: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    seen.push(line);
    for (const w of [...waiters]) {
      if (w.match(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    child,
    exited,
    stderr: () => err,
    waitForLine: (match) =>
      new Promise<string>((resolve, reject) => {
        const already = seen.find(match);
        if (already !== undefined) return resolve(already);
        waiters.push({ match, resolve });
        exited.then((code) => reject(new Error(`worker exited (${code}) before the line came: ${err}`)));
      }),
  };
}

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { exited } from "./child.ts";
import { CLI, REPO_ROOT } from "./run-cli.ts";

/** A `paperboy start` process as an operator runs it, on a data dir of its own. */
export interface PaperboyProcess {
  child: ChildProcess;
  dataDir: string;
  /** Everything it wrote on stdout and stderr so far, as it came. */
  output(): string;
  /** Resolves once the output matches `re` (a log line's message, a QR code). */
  logged(re: RegExp, timeoutMs?: number): Promise<void>;
}

/**
 * Starts `paperboy start` processes, each on a fresh data dir (as on separate hosts: only the
 * database is shared), and ends whatever is still running and removes the dirs in `stopAll`.
 */
export function paperboyProcesses(prefix = "paperboy-proc-") {
  const started: PaperboyProcess[] = [];
  return {
    async start(env: NodeJS.ProcessEnv): Promise<PaperboyProcess> {
      const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
      const child = spawn(process.execPath, [CLI, "start"], {
        cwd: REPO_ROOT,
        env: { ...env, PAPERBOY_DATA_DIR: dataDir },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let text = "";
      const waiters = new Set<() => void>();
      const read = (d: string) => {
        text += d;
        for (const w of [...waiters]) w();
      };
      // Both streams: pino logs to stderr, wechaty's own logging (brolog) to stdout.
      child.stdout?.setEncoding("utf8").on("data", read);
      child.stderr?.setEncoding("utf8").on("data", read);
      const proc: PaperboyProcess = {
        child,
        dataDir,
        output: () => text,
        logged: (re, timeoutMs = 90_000) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => {
              waiters.delete(check);
              reject(new Error(`no ${re} in ${timeoutMs} ms:\n${text.slice(-4000)}`));
            }, timeoutMs);
            const check = () => {
              if (!re.test(text)) return;
              clearTimeout(timer);
              waiters.delete(check);
              resolve();
            };
            waiters.add(check);
            check();
          }),
      };
      started.push(proc);
      return proc;
    },
    async stopAll(): Promise<void> {
      const running = started.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
      for (const p of running) p.child.kill("SIGKILL");
      await Promise.all(running.map((p) => exited(p.child)));
      await Promise.all(started.map((p) => rm(p.dataDir, { recursive: true, force: true })));
      started.length = 0;
    },
  };
}

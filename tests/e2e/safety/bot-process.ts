import { type ChildProcess, spawn } from "node:child_process";
import { CLI, cleanEnv, REPO_ROOT } from "../../support/run-cli.ts";
import type { TelegramApi } from "../../support/telegram-api/server.ts";

export interface BotProcess {
  child: ChildProcess;
  stderr(): string;
  /** Resolves once the bot logged `text` (its logs go to stderr). */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `paperboy start` as an operator runs it (bin/paperboy.js), on Telegram through the stand-in. */
export function startBot(api: TelegramApi, dataDir: string, extra: Record<string, string> = {}): BotProcess {
  const child = spawn(process.execPath, [CLI, "start"], {
    cwd: REPO_ROOT,
    env: cleanEnv({
      PAPERBOY_DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      PAPERBOY_LOG_LEVEL: "info",
      // Far from now: no scheduled push runs by itself during a test.
      PAPERBOY_PUSH_AT: "0 3 29 2 *",
      PAPERBOY_CATCH_UP_MINUTES: "0",
      ...extra,
    }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    err += d;
    for (const w of waiters.splice(0)) {
      if (err.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stderr: () => err,
    exited,
    waitForLog(text, timeoutMs = 30_000) {
      if (err.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`bot did not log "${text}" in ${timeoutMs} ms:\n${err}`)),
          timeoutMs,
        );
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push({ text, resolve: done });
        void exited.then(() => {
          if (!err.includes(text)) {
            clearTimeout(timer);
            reject(new Error(`bot exited before logging "${text}":\n${err}`));
          }
        });
      });
    },
  };
}

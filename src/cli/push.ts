import { userInfo } from "node:os";
import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { type PushOutcome, requestPush } from "../delivery/control.ts";
import { pushProgressBar } from "../delivery/progress-bar.ts";
import { dateArgument } from "./args.ts";

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "unknown");
  }
}

/**
 * Asks the running bot to push now: the CLI never opens a second connection to a platform.
 * Prints the bot's answer first, then (on a terminal) a progress bar, then the outcome. With
 * `--wait` it follows the push to its end even in a script and exits 1 unless every message
 * was sent or skipped (failed or still pending ones count as failure), 0 otherwise.
 */
export function registerPushCommand(program: Command): void {
  program
    .command("push")
    .description("ask the running bot to push an issue now (default: today's)")
    .argument("[date]", "the issue's date, YYYY-MM-DD")
    .option(
      "--force",
      "push even though the issue was pushed and its ledger is gone (chats may get it twice)",
    )
    .option("--wait", "wait until the push ends; exit 1 if any message failed")
    .action(async (date: string | undefined, opts: { wait?: boolean; force?: boolean }) => {
      dateArgument(date);
      const config = loadConfig();
      // Audited under the OS user who asked, so the report says who pushed from the shell.
      const requestedBy = `cli:${osUser()}`;
      const bar = pushProgressBar();
      const follow = Boolean(opts.wait || bar.onProgress);
      let printed = false;
      let outcome: { summary: string; messages?: PushOutcome["messages"] } | undefined;
      const answer = await requestPush(
        config.dataDir,
        { date, requestedBy, force: opts.force === true },
        {
          follow,
          onAnswer: (a) => {
            printed = true;
            process.stdout.write(`${a.message}\n`);
          },
          onProgress: bar.onProgress,
          onDone: follow
            ? (summary, messages) => {
                bar.onDone?.(summary, messages);
                outcome = { summary, messages };
              }
            : undefined,
        },
      );
      // No answer came (no bot running, refused, cut off): the explanation is the only line.
      if (!printed) process.stdout.write(`${answer.message}\n`);
      if (outcome?.summary) process.stdout.write(`${outcome.summary}\n`);
      if (!answer.started) process.exitCode = 1;
      else if (opts.wait) {
        const m = outcome?.messages;
        process.exitCode = m && m.failed === 0 && m.pending === 0 ? 0 : 1;
      }
    });
}

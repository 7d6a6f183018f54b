import { userInfo } from "node:os";
import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { requestPush } from "../delivery/control.ts";
import { pushProgressBar } from "../delivery/progress-bar.ts";
import { dateArgument } from "./args.ts";

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "unknown");
  }
}

/** Asks the running bot to push now: the CLI never opens a second connection to a platform. */
export function registerPushCommand(program: Command): void {
  program
    .command("push")
    .description("ask the running bot to push an issue now (default: today's)")
    .argument("[date]", "the issue's date, YYYY-MM-DD")
    .option(
      "--force",
      "push even though the issue was pushed and its ledger is gone (chats may get it twice)",
    )
    .action(async (date: string | undefined, opts: { force?: boolean }) => {
      dateArgument(date);
      const config = loadConfig();
      // Audited under the OS user who asked, so the report says who pushed from the shell.
      const requestedBy = `cli:${osUser()}`;
      // On a terminal, follow the push with a progress bar until it ends.
      const answer = await requestPush(
        config.dataDir,
        { date, requestedBy, force: opts.force === true },
        pushProgressBar(),
      );
      process.stdout.write(`${answer.message}\n`);
      process.exitCode = answer.started ? 0 : 1;
    });
}

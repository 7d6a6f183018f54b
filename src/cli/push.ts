import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { requestPush } from "../delivery/control.ts";
import { pushProgressBar } from "../delivery/progress-bar.ts";
import { dateArgument } from "./args.ts";

/** Asks the running bot to push now: the CLI never opens a second connection to a platform. */
export function registerPushCommand(program: Command): void {
  program
    .command("push")
    .description("ask the running bot to push an issue now (default: today's)")
    .argument("[date]", "the issue's date, YYYY-MM-DD")
    .action(async (date: string | undefined) => {
      dateArgument(date);
      const config = loadConfig();
      // On a terminal, follow the push with a progress bar until it ends.
      const answer = await requestPush(config.dataDir, { date, requestedBy: "cli" }, pushProgressBar());
      process.stdout.write(`${answer.message}\n`);
      process.exitCode = answer.started ? 0 : 1;
    });
}

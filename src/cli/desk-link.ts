import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { requestDeskLink } from "../delivery/control.ts";

/**
 * Asks the running bot for a one-time sign-in link to the editor's desk and prints it. Only the
 * bot's own user can reach its control socket, so only the operator (or who they hand it to) signs in.
 */
export function registerDeskLinkCommand(program: Command): void {
  program
    .command("desk-link")
    .description("print a one-time sign-in link to the editor's desk of the running bot (valid 10 minutes)")
    .option("--as <admin>", "sign in as this admin (an id from PAPERBOY_ADMINS; default the first)")
    .action(async (opts: { as?: string }) => {
      const config = loadConfig();
      const answer = await requestDeskLink(config.dataDir, { as: opts.as });
      if ("url" in answer) {
        process.stdout.write(`${answer.url}\n`);
        process.stderr.write(`signs in as ${answer.admin}; valid for 10 minutes, once\n`);
        return;
      }
      process.stderr.write(`${answer.error}\n`);
      process.exitCode = 1;
    });
}

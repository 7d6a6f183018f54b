import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { isAlive, socketPath } from "../delivery/control.ts";

/**
 * `paperboy health`: exit 0 when a bot answers on this data dir's control socket, 1 otherwise.
 * Cheap and offline (no platform is asked), for a container HEALTHCHECK or a monitoring probe.
 */
export function registerHealthCommand(program: Command): void {
  program
    .command("health")
    .description("exit 0 if a bot is running on this data dir (for HEALTHCHECK and monitoring)")
    .action(async () => {
      const config = loadConfig();
      const alive = await isAlive(socketPath(config.dataDir));
      process.stdout.write(alive ? "ok: the bot is running\n" : "down: no bot answers on this data dir\n");
      process.exitCode = alive ? 0 : 1;
    });
}

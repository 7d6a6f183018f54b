import type { Command } from "commander";
import { createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { PLATFORMS } from "../platforms/registry.ts";
import { selectPlatforms } from "../platforms/select.ts";
import { reportFailure } from "./failure.ts";

const fallbacks = PLATFORMS.filter((p) => p.fallback);
const named = PLATFORMS.filter((p) => !p.fallback).map((p) => p.title);

export function registerStartCommand(program: Command): void {
  const command = program
    .command("start", { isDefault: true })
    .description(
      `run the bot: ${named.join(", ")} when configured, else a ${fallbacks.map((p) => p.title).join(", ")} on the sample issue`,
    );
  for (const p of fallbacks)
    command.option(`--${p.id}`, `also run the ${p.title} when platforms are configured`);
  command.action(async (opts: Record<string, boolean | undefined>) => {
    const config = loadConfig();
    const also = fallbacks.filter((p) => opts[p.id]).map((p) => p.id);
    // Peek before building anything: in the console chat, logs would interleave with the conversation.
    const demo = Object.keys(config.platforms).length === 0;
    const log = createLogger({ level: config.logLevel ?? (demo ? "warn" : "info") });
    const { adapters, inputEnded } = await selectPlatforms(config, log, { also });
    const app = await createApp(config, { log, adapters, sampleOnEmpty: demo });

    let stopping: Promise<void> | undefined;
    const stop = (why: string) => {
      stopping ??= (async () => {
        log.info({ why }, "stopping");
        try {
          await app.stop();
        } catch (err) {
          process.exitCode = reportFailure(err);
        }
      })();
      return stopping;
    };
    process.once("SIGINT", () => void stop("SIGINT").then(() => process.exit()));
    process.once("SIGTERM", () => void stop("SIGTERM").then(() => process.exit()));

    await app.start();
    if (inputEnded) {
      await inputEnded;
      // Piped input ended and every line was answered: the demo chat is over.
      if (demo) {
        await stop("input ended");
        process.exit();
      }
    }
  });
}

import type { Command } from "commander";
import { createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { createLogger, type Logger } from "../log.ts";
import { selectPlatforms } from "../platforms/select.ts";
import type { ActiveLease } from "../store/postgres/lease.ts";
import { reportFailure } from "./failure.ts";

export function registerStartCommand(program: Command): void {
  program
    .command("start", { isDefault: true })
    .description(
      "run the bot: Telegram and/or WeChat when configured, else a console chat on the sample issue",
    )
    .option("--console", "also run the console chat when platforms are configured")
    .action(async (opts: { console?: boolean }) => {
      const config = loadConfig();
      const platformsConfigured = Boolean(config.telegram || config.wechat);
      // In the console chat, logs would interleave with the conversation: only warnings by default.
      const log = createLogger({
        level: process.env.PAPERBOY_LOG_LEVEL ?? (platformsConfigured ? "info" : "warn"),
      });
      // On PostgreSQL, several processes may run: only the one holding the lease connects and sends.
      const lease = config.databaseUrl
        ? await holdLease(config.databaseUrl, config.databaseSchema, log)
        : undefined;
      const { adapters, consoleEnded } = await selectPlatforms(config, log, { console: opts.console });
      const app = await createApp(config, { log, adapters, sampleOnEmpty: !platformsConfigured });

      let stopping: Promise<void> | undefined;
      const stop = (why: string) => {
        stopping ??= (async () => {
          log.info({ why }, "stopping");
          try {
            await app.stop();
          } catch (err) {
            process.exitCode = reportFailure(err);
          }
          // Only once nothing more is sent: a standby may take over from here.
          await lease?.release();
        })();
        return stopping;
      };
      process.once("SIGINT", () => void stop("SIGINT").then(() => process.exit()));
      process.once("SIGTERM", () => void stop("SIGTERM").then(() => process.exit()));

      if (consoleEnded && process.stdin.isTTY) {
        process.stdout.write(
          "paperboy 控制台聊天 · console chat — 输入 /help 查看命令，Ctrl-D 退出 (type /help, Ctrl-D quits)\n",
        );
      }
      await app.start();
      if (consoleEnded) {
        await consoleEnded;
        // Piped input ended and every line was answered: the console chat is over.
        if (!platformsConfigured) {
          await stop("console input ended");
          process.exit();
        }
      }
    });
}

/**
 * Stands by until this process holds the database's lease. A standby polls nothing, logs in
 * nowhere and sends nothing; it only tries the lease once a second. Losing the lease later ends the
 * process at once (exit 75, "try again"): another process may be sending already, and a supervisor
 * that restarts this one makes it a standby.
 */
async function holdLease(url: string, schema: string, log: Logger): Promise<ActiveLease> {
  const waiting = new AbortController();
  const giveUp = () => waiting.abort();
  process.once("SIGINT", giveUp);
  process.once("SIGTERM", giveUp);
  try {
    const { ActiveLease } = await import("../store/postgres/lease.ts");
    return await ActiveLease.acquire({
      url,
      schema,
      log,
      signal: waiting.signal,
      onLost: () => {
        log.fatal("lost the database lease: stopping now so that only one paperboy sends");
        process.exit(75);
      },
    });
  } catch (err) {
    if (waiting.signal.aborted) process.exit(0);
    throw err;
  } finally {
    process.off("SIGINT", giveUp);
    process.off("SIGTERM", giveUp);
  }
}

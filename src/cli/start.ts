import type { Command } from "commander";
import { createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { CONSOLE_USER_ID } from "../platforms/console/decode.ts";
import { selectPlatforms } from "../platforms/select.ts";
import { reportFailure } from "./failure.ts";

export function registerStartCommand(program: Command): void {
  program
    .command("start", { isDefault: true })
    .description(
      "run the bot: Telegram and/or WeChat when configured, else a console chat on the sample issue",
    )
    .option("--console", "also run the console chat when platforms are configured")
    .action(async (opts: { console?: boolean }) => {
      const loaded = loadConfig();
      const platformsConfigured = Boolean(loaded.telegram || loaded.wechat);
      // In the console demo the person at the terminal runs everything: they are its admin (and the
      // desk's), unless PAPERBOY_ADMINS names someone.
      const config =
        !platformsConfigured && loaded.admins.length === 0
          ? { ...loaded, admins: [CONSOLE_USER_ID] }
          : loaded;
      // In the console chat, logs would interleave with the conversation: only warnings by default.
      const log = createLogger({
        level: process.env.PAPERBOY_LOG_LEVEL ?? (platformsConfigured ? "info" : "warn"),
      });
      const { adapters, consoleEnded } = await selectPlatforms(config, log, { console: opts.console });
      const app = await createApp(config, {
        log,
        adapters,
        sampleOnEmpty: !platformsConfigured,
        desk: config.desk.enabled,
      });

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

      if (consoleEnded && process.stdin.isTTY) {
        process.stdout.write(
          "paperboy 控制台聊天 · console chat — 输入 /help 查看命令，Ctrl-D 退出 (type /help, Ctrl-D quits)\n",
        );
      }
      await app.start();
      if (app.desk) {
        // stderr, so piped console answers stay clean; shown on a terminal either way.
        process.stderr.write(
          `编辑台 editor's desk: ${app.desk.url} — 登录链接 sign-in link: npx paperboy desk-link${platformsConfigured ? " (or /desk in a private chat)" : ""}\n`,
        );
      }
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

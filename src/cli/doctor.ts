import fs from "node:fs/promises";
import type { Command } from "commander";
import { ConfigError, loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { meetsNodeFloor, NODE_FLOOR } from "../package-info.ts";
import { openStore } from "../store/open.ts";
import { checkTelegram, checkWechat, type Finding } from "./doctor-platforms.ts";
import { imageHint, unresolvableImages } from "./images.ts";

/**
 * Checks what an operator gets wrong most: config, data dir, tokens (for real: getMe, the puppet
 * service). Never prints a secret. Exit 2: fix the configuration; 1: something is down or unwritable.
 */
export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description(
      "check the configuration, the data dir and the tokens with the platforms (without printing them)",
    )
    .action(async () => {
      const lines: string[] = [];
      let exitCode = 0;
      const check = (good: boolean, text: string, failCode = 1) => {
        lines.push(`${good ? "✔" : "✘"} ${text}`);
        if (!good) exitCode = Math.max(exitCode, failCode);
      };
      const report = (f: Finding) => {
        lines.push(`${f.mark} ${f.text}`);
        if (f.mark === "✘") exitCode = Math.max(exitCode, f.failCode ?? 1);
      };
      check(
        meetsNodeFloor(process.versions.node),
        `Node.js ${process.versions.node} (${NODE_FLOOR} or newer needed)`,
      );
      let config: ReturnType<typeof loadConfig> | undefined;
      try {
        config = loadConfig();
        check(true, "configuration is valid");
      } catch (err) {
        check(false, err instanceof ConfigError ? `configuration: ${err.message}` : String(err), 2);
      }
      if (config) {
        try {
          await fs.mkdir(config.dataDir, { recursive: true });
          await fs.access(config.dataDir, fs.constants.W_OK);
          check(true, `data dir ${config.dataDir} is writable`);
          const store = await openStore(config.dataDir, { log: createLogger({ level: "silent" }) });
          const issues = await store.listIssues();
          const chats = await store.listChats();
          const latest = issues[0] ? await store.getIssue(issues[0].date, issues[0].edition) : undefined;
          await store.close();
          check(true, `store opens: ${issues.length} issues, ${chats.length} chats`);
          const images = latest ? unresolvableImages(latest, config) : 0;
          if (images > 0) lines.push(`! the latest issue: ${imageHint(images).replace(/^note: /, "")}`);
        } catch (err) {
          check(false, `data dir: ${err instanceof Error ? err.message : String(err)}`);
        }
        lines.push(`  timezone ${config.tz}, push at \`${config.pushAt}\`, locale ${config.locale}`);
        if (config.telegram) report(await checkTelegram(config.telegram));
        else lines.push("· Telegram: TELEGRAM_BOT_TOKEN is not set (Telegram off)");
        if (config.wechat) for (const f of await checkWechat(config.wechat, config.dataDir)) report(f);
        else lines.push("· WeChat: WECHATY_PUPPET is not set (WeChat off)");
        if (!config.telegram && !config.wechat)
          lines.push("  no platform configured: `npm start` runs the console chat");
        lines.push(
          config.admins.length
            ? `  admins: ${config.admins.join(", ")}`
            : "· no PAPERBOY_ADMINS: nobody can push or review from chat",
        );
      }
      process.stdout.write(`${lines.join("\n")}\n`);
      process.exitCode = exitCode;
    });
}

import fs from "node:fs/promises";
import type { Command } from "commander";
import { ConfigError, loadConfig } from "../config.ts";
import type { Finding } from "../core/ports/index.ts";
import { createLogger, redactSecrets } from "../log.ts";
import { meetsNodeFloor, NODE_FLOOR } from "../package-info.ts";
import { PLATFORMS } from "../platforms/registry.ts";
import { looseModes } from "../store/modes.ts";
import { openStore } from "../store/open.ts";
import { redactUrl } from "../store/postgres/url.ts";
import { refusedImages, refusedImagesText } from "./images.ts";

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
          const store = await openStore(config, { log: createLogger({ level: "silent" }) });
          const issues = await store.listIssues();
          const chats = await store.listChats();
          const latest = issues[0] ? await store.getIssue(issues[0].date, issues[0].edition) : undefined;
          await store.close();
          const where = config.databaseUrl
            ? `PostgreSQL ${redactUrl(config.databaseUrl)}, schema ${config.databaseSchema}`
            : "files";
          check(true, `store opens (${where}): ${issues.length} issues, ${chats.length} chats`);
          const loose = await looseModes(config.dataDir);
          if (loose.length > 0)
            lines.push(
              `! ${loose.length} path(s) in the data dir can be read by other users (e.g. ${loose[0]?.path} is ${loose[0]?.mode}); run: chmod -R go-rwx ${config.dataDir}`,
            );
          const refused = latest ? await refusedImages(latest, config) : [];
          if (refused.length > 0)
            lines.push(`! the latest issue: ${refusedImagesText(refused).replace(/^note: /, "")}`);
        } catch (err) {
          check(false, `store: ${redactSecrets(err instanceof Error ? err.message : String(err))}`);
        }
        lines.push(`  timezone ${config.tz}, push at \`${config.pushAt}\`, locale ${config.locale}`);
        for (const p of PLATFORMS.filter((d) => !d.fallback)) {
          const own = config.platforms[p.id];
          const turnsOn = p.env[0]?.name ?? p.id;
          if (own === undefined) lines.push(`· ${p.title}: ${turnsOn} is not set (${p.title} off)`);
          else if (p.check) for (const f of await p.check(own, { dataDir: config.dataDir })) report(f);
          else lines.push(`✔ ${p.title}: ${p.describe(own)}`);
        }
        if (Object.keys(config.platforms).length === 0) {
          const fallback = PLATFORMS.filter((d) => d.fallback).map((d) => d.title);
          lines.push(`  no platform configured: \`npm start\` runs the ${fallback.join(", ")}`);
        }
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

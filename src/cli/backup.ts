import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { backupDataDir } from "../store/backup.ts";
import { UsageError } from "./failure.ts";

/** `paperboy backup <dest>`: a consistent copy of the data dir, safe while the bot runs. */
export function registerBackupCommand(program: Command): void {
  program
    .command("backup")
    .description("copy the data dir to a new folder, consistently, even while the bot runs")
    .argument("<dest>", "a folder that does not exist yet (or is empty), outside the data dir")
    .action(async (dest: string) => {
      const config = loadConfig();
      // On PostgreSQL the data dir holds no state (only the running bot's pid lock and socket).
      if (config.databaseUrl) {
        throw new UsageError(
          "the store is in PostgreSQL (DATABASE_URL): back it up with pg_dump, e.g. pg_dump --format=custom --file=paperboy.dump <database>; the data dir holds no state to copy",
        );
      }
      process.stderr.write(`taking the store's write lock in ${config.dataDir}\n`);
      const { files, bytes } = await backupDataDir(config.dataDir, dest, {
        log: createLogger({ level: "warn" }),
      });
      process.stderr.write(`backed up ${files} files (${(bytes / 1024).toFixed(1)} KB) to ${dest}\n`);
    });
}

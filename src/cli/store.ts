import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { isPostgresUrl, redactUrl } from "../store/postgres/url.ts";
import { UsageError } from "./failure.ts";

/** `paperboy store copy --to postgres://…`: moves a file store into PostgreSQL, files left as they are. */
export function registerStoreCommand(program: Command): void {
  const store = program.command("store").description("move the store between files and PostgreSQL");
  store
    .command("copy")
    .description(
      "copy the file store under PAPERBOY_DATA_DIR into an empty PostgreSQL schema, verify the counts, leave the files untouched",
    )
    .requiredOption("--to <url>", "the database, postgres://user:password@host:5432/db")
    .option("--schema <name>", "the schema to fill (default PAPERBOY_DATABASE_SCHEMA or public)")
    .action(async (opts: { to: string; schema?: string }) => {
      if (!isPostgresUrl(opts.to)) throw new UsageError("--to: expected a postgres:// URL");
      const config = loadConfig();
      const schema = opts.schema ?? config.databaseSchema;
      const { copyFileStoreToPostgres, describeCounts } = await import("../store/postgres/copy.ts");
      const counts = await copyFileStoreToPostgres(
        config.dataDir,
        { url: opts.to, schema },
        createLogger({ level: "warn" }),
      );
      process.stdout.write(
        `copied ${config.dataDir} to ${redactUrl(opts.to)} (schema ${schema}): ${describeCounts(counts)}\n` +
          "counts verified; the files were left as they were. Set DATABASE_URL to run on the database.\n",
      );
    });
}

import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { runner } from "node-pg-migrate";
import type pg from "pg";
import type { Logger } from "../../log.ts";
import { CorruptStoreError } from "../store.ts";

/** The versioned schema: plain SQL files, applied in order by node-pg-migrate. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations", import.meta.url));
const MIGRATIONS_TABLE = "pgmigrations";

/**
 * Brings the schema up to this code's version. Several processes starting at once take turns on
 * an advisory lock (node-pg-migrate's own lock fails the second one instead of making it wait). A
 * database migrated by a newer paperboy is refused and left as it is.
 */
export async function migrateSchema(client: pg.Client, schema: string, log?: Logger): Promise<void> {
  const lockKey = `paperboy-migrate:${schema}`;
  await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [lockKey]);
  try {
    await refuseNewerSchema(client, schema);
    const ran = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      migrationsTable: MIGRATIONS_TABLE,
      schema,
      createSchema: true,
      direction: "up",
      checkOrder: true,
      noLock: true,
      singleTransaction: true,
      logger: {
        debug: () => {},
        info: (msg) => log?.debug({ schema }, msg),
        warn: (msg) => log?.warn({ schema }, msg),
        error: (msg) => log?.error({ schema }, msg),
      },
    });
    if (ran.length > 0) log?.info({ schema, applied: ran.map((m) => m.name) }, "database schema migrated");
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]);
  }
}

async function refuseNewerSchema(client: pg.Client, schema: string): Promise<void> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass($1) AS t", [
    `${schema}.${MIGRATIONS_TABLE}`,
  ]);
  if (!exists.rows[0]?.t) return;
  const known = new Set((await readdir(MIGRATIONS_DIR)).map((f) => f.replace(/\.sql$/, "")));
  const applied = await client.query<{ name: string }>(`SELECT name FROM ${schema}.${MIGRATIONS_TABLE}`);
  const unknown = applied.rows.map((r) => r.name).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new CorruptStoreError(
      `the database schema ${schema} has migrations this paperboy does not know (${unknown.join(", ")}): ` +
        "it was set up by a newer paperboy; upgrade paperboy, the database was left untouched",
    );
  }
}

import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** The test database's URL, or undefined (then the PostgreSQL tests skip; never in CI: see pg-global-setup). */
export const pgUrl: string | undefined = inject("pgUrl");

/** A fresh, unused schema name: each test gets its own empty store on the one test database. */
export function freshSchema(prefix = "t"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

/** Drops test schemas at the end of a file, so a long local run does not pile them up. */
export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await client.end();
  }
}

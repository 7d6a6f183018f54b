import type pg from "pg";
import { StoreError } from "../store.ts";
import { redactUrl, SCHEMA_NAME } from "./url.ts";

export interface PgTarget {
  /** `postgres://user:password@host:port/db`; the password is never logged or printed. */
  url: string;
  /** The schema holding paperboy's tables (default `public`): one per publisher on a shared database. */
  schema?: string;
}

export function schemaOf(target: PgTarget): string {
  const schema = target.schema ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(`\`${schema}\` is not a usable schema name (lowercase letters, digits and _)`);
  }
  return schema;
}

/**
 * Connection settings shared by the pool and the lease's own session. TCP keepalive on our side
 * notices a database host that vanished; `search_path` puts every unqualified table in our schema.
 */
export function clientConfig(target: PgTarget, applicationName: string): pg.ClientConfig {
  return {
    connectionString: target.url,
    application_name: applicationName.slice(0, 63),
    keepAlive: true,
    keepAliveInitialDelayMillis: 5_000,
    connectionTimeoutMillis: 10_000,
    options: `-c search_path=${schemaOf(target)}`,
  };
}

/** A pg error made safe to show: names the database by its redacted URL, keeps pg's own message. */
export function connectionError(target: PgTarget, err: unknown): StoreError {
  const message = err instanceof Error ? err.message : String(err);
  const safe = message.split(target.url).join(redactUrl(target.url));
  return new StoreError(`cannot use the database ${redactUrl(target.url)}: ${safe}`);
}

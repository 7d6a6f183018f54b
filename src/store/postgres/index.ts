export type { PgTarget } from "./connect.ts";
export { PgLedgerLogs } from "./ledger-logs.ts";
export { PostgresStore, type PostgresStoreOptions } from "./pg-store.ts";
export { isPostgresUrl, redactUrl } from "./url.ts";

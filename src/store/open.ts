import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { FileStore, type FileStoreOptions } from "./file-store.ts";
import { storePaths } from "./layout.ts";
import { type Store, StoreError } from "./store.ts";

export type OpenStoreOptions = FileStoreOptions;

/** Where the store lives: the data dir, or PostgreSQL when a database URL is given (the config fits). */
export interface StoreLocation {
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
}

/**
 * Opens (creating if needed) the file store in `dataDir` (layout in layout.ts). Refuses a corrupt or
 * newer-version data file with a CorruptStoreError and leaves it as it was; migrates an older one
 * after keeping a backup. Safe to call from several processes on one dir at once. Given a database
 * URL, opens the PostgreSQL store instead (migrating its schema).
 */
export async function openStore(where: string | StoreLocation, opts: OpenStoreOptions = {}): Promise<Store> {
  const at = typeof where === "string" ? { dataDir: where } : where;
  if (at.databaseUrl) {
    // Nothing is written under the data dir: every bit of state is in the database.
    // Loaded only when used: pg and the migration tool cost every CLI command startup time otherwise.
    const { PostgresStore } = await import("./postgres/pg-store.ts");
    return PostgresStore.open({
      url: at.databaseUrl,
      schema: at.databaseSchema,
      now: opts.now,
      log: opts.log,
    });
  }
  const dataDir = at.dataDir;
  const paths = storePaths(resolve(dataDir));
  try {
    // Private by default: applicants' phone numbers and the WeChat session live here.
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    await mkdir(paths.issuesDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new StoreError(`cannot create the data dir ${paths.dir}: ${(e as Error).message}`);
  }
  const store = new FileStore(paths, opts);
  await store.init();
  return store;
}

import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { FileStore, type FileStoreOptions } from "./file-store.ts";
import { storePaths } from "./layout.ts";
import { type Store, StoreError } from "./store.ts";

export type OpenStoreOptions = FileStoreOptions;

/**
 * Opens (creating if needed) the file store in `dataDir` (layout in layout.ts). Refuses a corrupt or
 * newer-version data file with a CorruptStoreError and leaves it as it was; migrates an older one
 * after keeping a backup. Safe to call from several processes on one dir at once.
 */
export async function openStore(dataDir: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const paths = storePaths(resolve(dataDir));
  try {
    await mkdir(paths.issuesDir, { recursive: true });
  } catch (e) {
    throw new StoreError(`cannot create the data dir ${paths.dir}: ${(e as Error).message}`);
  }
  const store = new FileStore(paths, opts);
  await store.init();
  return store;
}

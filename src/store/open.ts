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

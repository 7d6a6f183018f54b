import fs from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../log.ts";
import { storePaths } from "./layout.ts";
import { DirLock } from "./lock.ts";
import { StoreError } from "./store.ts";

/** Runtime files that are no data: the lock itself, sockets, write temp files. */
function isRuntimeFile(name: string): boolean {
  return name.endsWith(".lock") || name.endsWith(".sock") || /^\..*\.tmp$/.test(name);
}

export interface BackupResult {
  files: number;
  bytes: number;
}

/**
 * Copies the data dir to `dest` while holding the store's write lock, the one every writer (the
 * running bot, `paperboy import`) takes, so no store write lands half-way through the copy and the
 * snapshot is consistent. The delivery ledger is append-only and read back tolerantly, so a record
 * appended during the copy is at worst missing from it, never corrupting it.
 */
export async function backupDataDir(
  dataDir: string,
  dest: string,
  opts: { log?: Logger; lockWaitMs?: number } = {},
): Promise<BackupResult> {
  const from = path.resolve(dataDir);
  const to = path.resolve(dest);
  if (to === from || to.startsWith(`${from}${path.sep}`))
    throw new StoreError(`the backup cannot go inside the data dir (${from})`);
  const existing = await fs.readdir(to).catch(() => undefined);
  if (existing && existing.length > 0)
    throw new StoreError(`${to} already exists and is not empty: give a new folder for the backup`);
  await fs.access(path.join(from, "paperboy.json")).catch(() => {
    throw new StoreError(`${from} holds no paperboy data (no paperboy.json)`);
  });
  const paths = storePaths(from);
  const lock = new DirLock(from, paths.lock, { log: opts.log, waitMs: opts.lockWaitMs });
  return lock.run(async () => {
    const result: BackupResult = { files: 0, bytes: 0 };
    await fs.cp(from, to, {
      recursive: true,
      errorOnExist: true,
      force: false,
      preserveTimestamps: true,
      filter: async (src) => {
        if (src === from) return true;
        if (isRuntimeFile(path.basename(src))) return false;
        const stat = await fs.lstat(src);
        if (stat.isSocket()) return false;
        if (stat.isFile()) {
          result.files += 1;
          result.bytes += stat.size;
        }
        return true;
      },
    });
    return result;
  });
}

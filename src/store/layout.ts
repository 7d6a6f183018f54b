import { join } from "node:path";

/**
 * Where the file store keeps things under the data dir (`PAPERBOY_DATA_DIR`, default `./data`):
 *
 *   data/
 *     paperboy.json                  version, issue index (summaries, pushedAt), chats, settings, collections
 *     issues/2018-01-08-evening.json one file per issue ({ version, importedAt, issue }), so the main file
 *                                    stays small and an import rewrites only its own issue file
 *     paperboy.lock/                 the cross-process write lock (a directory, see lock.ts); removed on release
 *     .paperboy.json.tmp             steno's temp file while a write is in flight (renamed over the target)
 *     paperboy.json.v<N>.bak         the untouched original of a file migrated from version N
 *
 * Back up the whole folder; nothing in it is a cache that could be rebuilt.
 */
export interface StorePaths {
  dir: string;
  main: string;
  issuesDir: string;
  lock: string;
  issue(id: string): string;
  backup(version: number): string;
}

export function storePaths(dataDir: string): StorePaths {
  const issuesDir = join(dataDir, "issues");
  const main = join(dataDir, "paperboy.json");
  return {
    dir: dataDir,
    main,
    issuesDir,
    lock: join(dataDir, "paperboy.lock"),
    issue: (id) => join(issuesDir, `${id}.json`),
    backup: (version) => `${main}.v${version}.bak`,
  };
}

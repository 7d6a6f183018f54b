import { createRequire } from "node:module";

/**
 * A CommonJS package loaded on first use instead of at import. A start pays for every package its
 * modules import, and some are needed only later: cron-parser (with luxon, ~11 ms) once the schedule
 * is armed, proper-lockfile (~6 ms) at the first store write, both after the bot polls. Not named
 * `require`: the build's banner declares that name in every chunk.
 */
const requireHere = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= requireHere(id) as T;
    return loaded;
  };
}

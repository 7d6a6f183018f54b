import { createRequire } from "node:module";
import type CronParser from "cron-parser";
import type NodeSchedule from "node-schedule";
import type ProperLockfile from "proper-lockfile";

/**
 * CommonJS packages loaded on first use instead of at import. A start pays for every package its
 * modules import, and these are needed only later: cron-parser (with luxon, ~11 ms) and node-schedule
 * once the schedule is armed or a set cron value is checked, proper-lockfile (~6 ms) at the first
 * store write, all after the bot polls. Not named `require`: the build's banner declares that name
 * in every chunk.
 */
const requireHere = createRequire(import.meta.url);

function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= requireHere(id) as T;
    return loaded;
  };
}

export const cronParser = lazyRequire<typeof CronParser>("cron-parser");
export const nodeSchedule = lazyRequire<typeof NodeSchedule>("node-schedule");
export const properLockfile = lazyRequire<typeof ProperLockfile>("proper-lockfile");

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SessionKeeper } from "../core/ports/index.ts";
import { type Store, StoreError } from "./store.ts";

/** The setting a platform's login session is kept under (`session:wechat`). */
export function sessionSetting(name: string): string {
  return `session:${name}`;
}

/**
 * Platforms' login sessions kept as settings of the store (`storeOf` gives it once it is open) (PostgreSQL: the `settings` table), so
 * they live, and are backed up and copied, with the rest of the state. A session is a secret: no
 * method here logs or prints it.
 */
export function storeSessions(
  storeOf: () => Pick<Store, "getSetting" | "setSetting"> | undefined,
): SessionKeeper {
  const store = () => {
    const s = storeOf();
    if (!s) throw new StoreError("a login session was asked for before the store was open");
    return s;
  };
  return {
    async load(name) {
      const saved = await store().getSetting<unknown>(sessionSetting(name));
      return saved && typeof saved === "object" && !Array.isArray(saved)
        ? (saved as Record<string, unknown>)
        : undefined;
    },
    save: (name, session) => store().setSetting(sessionSetting(name), session),
  };
}

/** wechaty's session file in the data dir (file store): `<name>.memory-card.json`. */
const SESSION_FILE = /^([\w-]+)\.memory-card\.json$/;

/**
 * The login sessions saved as files in a file store's data dir, by name, for `paperboy store
 * copy`: the bot then logs in from the database without a new scan. Read only, never changed; a
 * file that is not a JSON object is skipped (the SDK would ignore it too).
 */
export async function sessionFiles(dataDir: string): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of await readdir(dataDir).catch(() => [] as string[])) {
    const m = SESSION_FILE.exec(name);
    if (!m?.[1]) continue;
    try {
      const value: unknown = JSON.parse(await readFile(path.join(dataDir, name), "utf8"));
      if (value && typeof value === "object" && !Array.isArray(value))
        out[m[1]] = value as Record<string, unknown>;
    } catch {}
  }
  return out;
}

import type { SessionKeeper } from "../core/ports/index.ts";
import type { Store } from "./store.ts";

/** The setting a platform's login session is kept under (`session:wechat`). */
export function sessionSetting(name: string): string {
  return `session:${name}`;
}

/**
 * Platforms' login sessions kept as settings of the store (PostgreSQL: the `settings` table), so
 * they live, and are backed up and copied, with the rest of the state. A session is a secret: no
 * method here logs or prints it.
 */
export function storeSessions(store: Pick<Store, "getSetting" | "setSetting">): SessionKeeper {
  return {
    async load(name) {
      const saved = await store.getSetting<unknown>(sessionSetting(name));
      return saved && typeof saved === "object" && !Array.isArray(saved)
        ? (saved as Record<string, unknown>)
        : undefined;
    },
    save: (name, session) => store.setSetting(sessionSetting(name), session),
  };
}

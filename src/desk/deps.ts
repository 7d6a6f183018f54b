import type { Config } from "../config.ts";
import type { PlatformAdapter } from "../core/ports/index.ts";
import type { Router } from "../core/types.ts";
import type { Delivery } from "../delivery/index.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";

/** What the desk needs of the running bot (a slice of the App, so the desk never imports app.ts). */
export interface DeskDeps {
  config: Config;
  log: Logger;
  store: Store;
  /** Admin actions go through the same router (admin checks, audit) as chat commands. */
  router: Router;
  delivery: Delivery;
  adapters: readonly PlatformAdapter[];
  now?: () => Date;
}

import { type Config, configuredPlatforms } from "../config.ts";
import type { PlatformAdapter, SessionKeeper } from "../core/ports/index.ts";
import { imagePolicy } from "../images/index.ts";
import type { Logger } from "../log.ts";
import { PLATFORMS } from "./registry.ts";

export interface SelectedPlatforms {
  adapters: PlatformAdapter[];
  /** Resolves when a fallback platform's input ends (the console chat's EOF); undefined when none runs. */
  inputEnded?: Promise<void>;
  /** True when only the fallback runs (nothing configured): the demo on the bundled sample issue. */
  demo: boolean;
}

/**
 * The platforms the config asks for, each built by its descriptor (which loads its SDK only then,
 * so a console-only start does not pay for loading wechaty). With no platform configured, or when
 * asked for by id (`--console`), the fallback platforms run too.
 */
export async function selectPlatforms(
  config: Config,
  log: Logger,
  opts: { also?: readonly string[]; sessions?: SessionKeeper } = {},
): Promise<SelectedPlatforms> {
  const ctx = {
    log,
    dataDir: config.dataDir,
    imageBaseUrl: config.imageBaseUrl,
    images: (maxBytes?: number) => imagePolicy(config, maxBytes),
    startRetrySeconds: config.startRetrySeconds,
    adminChats: [...config.admins, ...(config.adminChat ? [config.adminChat] : [])],
    stdin: process.stdin,
    stdout: process.stdout,
    sessions: opts.sessions,
  };
  const adapters: PlatformAdapter[] = [];
  const configured = configuredPlatforms(config);
  for (const p of configured) adapters.push(await p.create(config.platforms[p.id], ctx));
  let inputEnded: Promise<void> | undefined;
  for (const p of PLATFORMS.filter((d) => d.fallback)) {
    if (configured.length > 0 && !opts.also?.includes(p.id)) continue;
    const adapter = await p.create({}, ctx);
    inputEnded ??= adapter.ended;
    adapters.push(adapter);
  }
  return { adapters, inputEnded, demo: configured.length === 0 };
}

import type { Config } from "../config.ts";
import { imagePolicy } from "../images/index.ts";
import type { Logger } from "../log.ts";
import type { PlatformAdapter } from "./adapter.ts";
import { createConsoleAdapter } from "./console/index.ts";

export interface SelectedPlatforms {
  adapters: PlatformAdapter[];
  /** Resolves when the console chat's input ends; undefined when no console runs. */
  consoleEnded?: Promise<void>;
}

/**
 * The platforms the config asks for. Telegram and WeChat SDKs are imported only when configured,
 * so a console-only start does not pay for loading wechaty. With no platform configured, or when
 * asked for, the console chat runs.
 */
export async function selectPlatforms(
  config: Config,
  log: Logger,
  opts: { console?: boolean } = {},
): Promise<SelectedPlatforms> {
  const adapters: PlatformAdapter[] = [];
  if (config.telegram) {
    const { createTelegramAdapter } = await import("./telegram/index.ts");
    adapters.push(
      createTelegramAdapter({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        webhookUrl: config.telegram.webhookUrl,
        webhookSecret: config.telegram.webhookSecret,
        webhookListen: { host: config.telegram.webhookHost, port: config.telegram.webhookPort },
        imageBaseUrl: config.imageBaseUrl,
        dataDir: config.dataDir,
        images: imagePolicy(config, 10 * 1024 * 1024),
        startRetrySeconds: config.startRetrySeconds,
        paidBroadcast: config.telegram.paidBroadcast,
        log: log.child({ platform: "telegram" }),
      }),
    );
  }
  if (config.wechat) {
    const { createWechatAdapter } = await import("./wechat/index.ts");
    const { resolvePuppetEndpoint } = await import("./wechat/puppet-service.ts");
    const endpoint = await resolvePuppetEndpoint(config.wechat, log, config.startRetrySeconds);
    adapters.push(
      createWechatAdapter({
        puppet: config.wechat.puppet,
        ...(endpoint ? { puppetOptions: { endpoint } } : {}),
        dataDir: config.dataDir,
        imageBaseUrl: config.imageBaseUrl,
        images: imagePolicy(config),
        minIntervalMs: config.wechat.minIntervalMs,
        acceptFriends: config.wechat.acceptFriends,
        friendKeyword: config.wechat.friendKeyword,
        log: log.child({ platform: "wechat" }),
      }),
    );
  }
  let consoleEnded: Promise<void> | undefined;
  if (adapters.length === 0 || opts.console) {
    const adapter = createConsoleAdapter({
      input: process.stdin,
      output: process.stdout,
      log: log.child({ platform: "console" }),
      interactive: Boolean(process.stdin.isTTY),
    });
    consoleEnded = adapter.ended;
    adapters.push(adapter);
  }
  return { adapters, consoleEnded };
}

import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "../../../src/app.ts";
import { loadConfig, platformConfig } from "../../../src/config.ts";
import type { ChatEvent, Incoming, PlatformAdapter } from "../../../src/core/ports/index.ts";
import { Issue } from "../../../src/domain/issue.ts";
import { telegram as telegramPlatform } from "../../../src/platforms/telegram/descriptor.ts";
import { createTelegramAdapter } from "../../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import {
  startTelegramApi,
  type TelegramApi,
  type TelegramApiOptions,
} from "../../support/telegram-api/server.ts";
import { LogTap } from "./harness.ts";
import { fixtureIssue, todayIn } from "./issue-fixture.ts";

/**
 * The whole bot (createApp: core router, delivery limiter, store) on the real telegraf client,
 * against the Bot API stand-in with Telegram's own flood limits switched on.
 */

/** Passes the app's handlers through and says when each update has been fully handled (replies sent). */
function observed(adapter: PlatformAdapter): { adapter: PlatformAdapter; handled: EventEmitter } {
  const handled = new EventEmitter();
  handled.setMaxListeners(200);
  const wrapped: PlatformAdapter = Object.create(adapter);
  wrapped.start = (handlers) =>
    adapter.start({
      async onMessage(msg: Incoming) {
        const replies = await handlers.onMessage(msg);
        handled.emit("message", msg);
        return replies;
      },
      async onChatEvent(e: ChatEvent) {
        const replies = await handlers.onChatEvent(e);
        handled.emit("event", e);
        return replies;
      },
    });
  return { adapter: wrapped, handled };
}

export interface AppHarness {
  api: TelegramApi;
  app: App;
  store: MemoryStore;
  log: LogTap;
  /** Resolves once the app has handled (and replied to) a matching message or chat event. */
  handledMessage(match: (m: Incoming) => boolean, timeoutMs?: number): Promise<void>;
  handledEvent(match: (e: ChatEvent) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startApp(
  opts: { env?: Record<string, string>; api?: TelegramApiOptions } = {},
): Promise<AppHarness> {
  const dir = mkdtempSync(path.join(tmpdir(), "paperboy-tg-app-"));
  const api = await startTelegramApi(opts.api);
  const config = loadConfig({
    PAPERBOY_DATA_DIR: dir,
    PAPERBOY_CATCH_UP_MINUTES: "0",
    PAPERBOY_PUSH_AT: "0 18 * * *",
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
    ...opts.env,
  });
  const store = new MemoryStore();
  await store.putIssue(Issue.parse(fixtureIssue(todayIn(config.tz))));
  const log = new LogTap();
  const telegram = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: log.logger,
    dataDir: dir,
    limits: platformConfig(config, telegramPlatform),
  });
  const { adapter, handled } = observed(telegram);
  const app = await createApp(config, { store, log: log.logger, adapters: [adapter] });
  await app.start();
  const wait = <T>(kind: string, match: (x: T) => boolean, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        handled.off(kind, on);
        reject(new Error(`no ${kind} handled within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (x: T) => {
        if (!match(x)) return;
        clearTimeout(timer);
        handled.off(kind, on);
        resolve();
      };
      handled.on(kind, on);
    });
  return {
    api,
    app,
    store,
    log,
    handledMessage: (match, timeoutMs) => wait("message", match, timeoutMs),
    handledEvent: (match, timeoutMs) => wait("event", match, timeoutMs),
    async stop() {
      await app.stop();
      await api.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

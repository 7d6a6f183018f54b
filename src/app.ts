import type { Config } from "./config.ts";
import { createRouter, type Router } from "./core/index.ts";
import { createDelivery, type Delivery } from "./delivery/index.ts";
import { createLogger, type Logger } from "./log.ts";
import type { ChatEvent, InboundHandlers, Incoming, PlatformAdapter } from "./platforms/adapter.ts";
import type { Reply } from "./render/blocks.ts";
import { importSampleIfEmpty } from "./sample.ts";
import { openStore } from "./store/open.ts";
import type { Store } from "./store/store.ts";

export interface App {
  config: Config;
  log: Logger;
  store: Store;
  router: Router;
  delivery: Delivery;
  adapters: PlatformAdapter[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
  store?: Store;
  /** The platforms to serve; `src/platforms/select.ts` picks them from the config when not given. */
  adapters?: PlatformAdapter[];
  /** Import the bundled sample issue when the store has none (the console chat's first start). */
  sampleOnEmpty?: boolean;
}

/**
 * Wires the platform-neutral core to the adapters: every inbound update goes to the router, and
 * every reply is rendered by the adapter it came from and sent through the delivery layer's
 * limiter (so replies and pushes share one rate budget per account, replies first).
 */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? createLogger();
  const store = opts.store ?? (await openStore(config.dataDir, { log }));
  const adapters = opts.adapters ?? [];
  const delivery = createDelivery({ store, adapters, config, log });
  const router = createRouter({ store, config, log, admin: { pushNow: (o) => delivery.pushNow(o) } });

  async function sendReplies(adapter: PlatformAdapter, chatId: string, replies: Reply[]): Promise<void> {
    for (const reply of replies) {
      for (const part of adapter.render(reply)) {
        try {
          await delivery.dispatcher.send(chatId, part, { priority: "reply" });
        } catch (err) {
          // A reply that cannot be delivered is logged; the rest of the conversation goes on.
          log.warn({ err, chatId, platform: adapter.platform }, "a reply could not be sent");
          break;
        }
      }
    }
  }

  function handlersFor(adapter: PlatformAdapter): InboundHandlers {
    return {
      async onMessage(msg: Incoming) {
        const replies = await router.handle(msg);
        await sendReplies(adapter, msg.chatId, replies);
        return replies;
      },
      async onChatEvent(event: ChatEvent) {
        const replies = await router.onChatEvent(event);
        const target = replyTarget(event);
        if (target) await sendReplies(adapter, target, replies);
        return replies;
      },
    };
  }

  return {
    config,
    log,
    store,
    router,
    delivery,
    adapters,
    async start() {
      if (opts.sampleOnEmpty) await importSampleIfEmpty(store, config, log);
      for (const adapter of adapters) {
        await adapter.start(handlersFor(adapter));
        log.info({ platform: adapter.platform }, "platform started");
      }
      await delivery.start();
    },
    async stop() {
      for (const adapter of adapters) {
        try {
          await adapter.stop();
        } catch (err) {
          log.warn({ err, platform: adapter.platform }, "platform did not stop cleanly");
        }
      }
      await delivery.stop();
      await store.close();
    },
  };
}

/** Where the replies to a chat event go: nowhere once the bot is out of the chat. */
function replyTarget(event: ChatEvent): string | undefined {
  switch (event.type) {
    case "added":
    case "renamed":
      return event.chatId;
    case "migrated":
      return event.toChatId;
    case "removed":
      return undefined;
  }
}

import { type Config, configuredPlatforms } from "./config.ts";
import {
  type Applications,
  createApplications,
  InviteUnsupported,
  startSweeper,
} from "./core/apply/index.ts";
import { Approvals } from "./core/approval.ts";
import { recordConfiguredChats } from "./core/chat-events.ts";
import { createRouter, type Router } from "./core/index.ts";
import { adminTargets } from "./core/permissions.ts";
import type {
  ChatEvent,
  InboundHandlers,
  Incoming,
  OutPart,
  PlatformAdapter,
  PlatformDirectory,
  Reply,
} from "./core/ports/index.ts";
import { ChatGone, ChatMigrated } from "./core/ports/index.ts";
import { createDelivery, type Delivery, type DeskLinkAnswer } from "./delivery/index.ts";
import { type IssueSource, startIssueSource } from "./delivery/issue-source.ts";
import { countParts } from "./delivery/part-counts.ts";
import { refusedReplyImage } from "./delivery/plan-checks.ts";
import type { Desk } from "./desk/index.ts";
import { parseChatId } from "./domain/chat.ts";
import { imagePolicy } from "./images/index.ts";
import { createLogger, type Logger } from "./log.ts";
import { platformDirectory } from "./platforms/registry.ts";
import { openStore } from "./store/open.ts";
import type { Store } from "./store/store.ts";

/** How long a reply image's verdict (sendable, or why not) is reused. */
const IMAGE_VERDICT_MS = 60_000;
/** A text part: nothing to check before it takes its turn. */
const NOT_REFUSED: { refused?: string; fresh: boolean } = { fresh: false };

export interface App {
  config: Config;
  log: Logger;
  store: Store;
  router: Router;
  applications: Applications;
  delivery: Delivery;
  adapters: PlatformAdapter[];
  /** The editor's desk, once started (only when asked for: `paperboy start` does). */
  readonly desk: Desk | undefined;
  /** Approval before the push and corrections after it (the desk calls it too). */
  approvals: Approvals;
  /** The publisher's site fetched by itself, and the store watched for new versions; set once started. */
  readonly source: IssueSource | undefined;
  /** Renders a reply for the chat's platform and sends it through the limiter (admin notices, applicants). */
  sendTo(chatId: string, reply: Reply): Promise<void>;
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
  /** Questions about platforms for the core; the registry's answers by default. */
  platforms?: PlatformDirectory;
  /** How often idle merchant dialogues are expired (default once a minute). */
  sweepEveryMs?: number;
  /** Serve the editor's desk (config.desk); tests that do not need it leave it off. */
  desk?: boolean | { host?: string; port?: number };
  /** How often the store is looked at for issues imported or saved elsewhere (default 20 s). */
  watchMs?: number;
  /** First backoff between retries of a failed source fetch (tests shorten it). */
  fetchRetryMinMs?: number;
}

/**
 * Wires the platform-neutral core to the adapters: every inbound update goes to the router, and
 * every reply is rendered by the adapter of the chat's platform and sent through the delivery
 * layer's limiter (so replies and pushes share one rate budget per account, replies first).
 */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? createLogger();
  const store =
    opts.store ?? (await openStore(config, { log, lockStaleMs: config.storeLockStaleSeconds * 1000 }));
  const adapters = opts.adapters ?? [];
  let desk: Desk | undefined;
  /** A desk link for `as`, or the first admin listed (the operator at the terminal asks for it). */
  async function deskLink(req: { as?: string }): Promise<DeskLinkAnswer> {
    if (!desk) return { error: "the desk is not running (PAPERBOY_DESK=off, or its port was taken)" };
    const admin = req.as ?? config.admins[0];
    if (!admin) return { error: "no admin is configured: set PAPERBOY_ADMINS (<platform>:<user id>)" };
    if (!config.admins.includes(admin)) return { error: `${admin} is not listed in PAPERBOY_ADMINS` };
    return { url: desk.signInLink(admin), admin };
  }
  const delivery = createDelivery({ store, adapters, config, log, deskLink });
  const images = imagePolicy(config);
  const platforms = opts.platforms ?? platformDirectory;

  /**
   * Verdicts on reply images, by source, for a minute: the check reads the file (realpath, stat,
   * the whole picture to sniff its type) and every `/section` asks it again for the same few images,
   * each on the reader's clock. A picture added to the image folder is picked up within the minute.
   */
  const imageVerdicts = new Map<string, { at: number; refused: Promise<string | undefined> }>();
  /** Why a reply part cannot go (undefined: it can), and whether that was just found out. */
  async function replyImageRefused(
    part: OutPart & { type: "image" },
  ): Promise<{ refused?: string; fresh: boolean }> {
    const now = Date.now();
    const known = imageVerdicts.get(part.src);
    if (known && now - known.at < IMAGE_VERDICT_MS) return { refused: await known.refused, fresh: false };
    const refused = refusedReplyImage(part, images);
    if (imageVerdicts.size >= 1000) imageVerdicts.clear();
    imageVerdicts.set(part.src, { at: now, refused });
    // A check that failed outright (not a verdict) is asked again next time.
    refused.catch(() => imageVerdicts.delete(part.src));
    return { refused: await refused, fresh: true };
  }

  function adapterFor(chatId: string): PlatformAdapter | undefined {
    const { platform } = parseChatId(chatId);
    return adapters.find((a) => a.platform === platform);
  }

  /**
   * Sends every part of a reply; a failed image or part never blocks the rest, and nothing more is
   * tried in a chat that is gone. Resolves with the first failure (if any) so callers that must know
   * (an applicant who could not be told) can say so.
   */
  async function trySend(chatId: string, reply: Reply): Promise<unknown> {
    const adapter = adapterFor(chatId);
    if (!adapter) return new Error(`no platform running for ${chatId}`);
    let failure: unknown;
    for (const part of adapter.render(reply)) {
      // Settled before asking the limiter for a turn: a refused image must not spend one. (Text
      // parts skip the await: a reply is mostly text, and each await is a turn of the queue.)
      const { refused, fresh } = part.type === "image" ? await replyImageRefused(part) : NOT_REFUSED;
      if (refused) {
        // Said once per check, not at every reply that shows the same missing picture.
        if (fresh)
          log.warn(
            { chatId, src: part.type === "image" ? part.src : undefined, refused },
            "reply image skipped",
          );
        continue;
      }
      try {
        await delivery.dispatcher.send(chatId, part, { priority: "reply" });
      } catch (err) {
        log.warn({ err, chatId, part: part.type }, "a reply could not be sent");
        failure ??= err;
        if (err instanceof ChatGone || err instanceof ChatMigrated) break;
      }
    }
    return failure;
  }

  async function sendTo(chatId: string, reply: Reply): Promise<void> {
    await trySend(chatId, reply);
  }

  const applications = createApplications({
    store,
    config,
    log,
    platforms,
    outbox: {
      // The review must learn when an applicant or admin could not be told.
      send: async (chatId, reply) => {
        const failure = await trySend(chatId, reply);
        if (failure) throw failure;
      },
    },
    invites: {
      createInviteLink: async (clubChatId) => {
        const adapter = adapterFor(clubChatId);
        if (!adapter?.createInviteLink) throw new InviteUnsupported(`no way to invite into ${clubChatId}`);
        return adapter.createInviteLink(clubChatId);
      },
      addToRoom: async (clubChatId, userChatId) => {
        const adapter = adapterFor(clubChatId);
        if (!adapter?.addToRoom) throw new InviteUnsupported(`no way to add members to ${clubChatId}`);
        return adapter.addToRoom(clubChatId, userChatId);
      },
    },
  });
  /** Previews, reminders and fetch failures go where job reports go: the one admin rule. */
  async function notifyAdmins(reply: Reply): Promise<void> {
    for (const target of adminTargets(config)) await trySend(target, reply);
  }

  const approvals = new Approvals({
    store,
    config,
    log,
    notifyAdmins,
    countParts: (issue) => countParts(issue, adapters, config.locale),
    pushNow: (date, _edition, requestedBy) => delivery.pushNow({ date, requestedBy }),
    correct: (issue, version, changes, requestedBy) =>
      delivery.correct({ issue, version, changes, requestedBy }),
  });
  delivery.setGate({
    scheduled: (date, edition) => approvals.allowScheduledPush(date, edition),
    manual: (date, edition, requestedBy) => approvals.notePush(date, edition, requestedBy),
  });
  let source: IssueSource | undefined;

  const router = createRouter({
    store,
    config,
    log,
    platforms,
    admin: {
      pushNow: (o) => delivery.pushNow(o),
      broadcast: (req) => delivery.broadcast(req),
      broadcastAudience: () => delivery.broadcastAudience(),
      deskLink: async (admin) => {
        const answer = await deskLink({ as: admin });
        return "url" in answer ? answer.url : undefined;
      },
      approve: (o) => approvals.approve(o.date, o.edition, o.requestedBy),
    },
    interceptors: [applications],
    applications,
  });

  const handlers: InboundHandlers = {
    async onMessage(msg: Incoming) {
      const replies = await router.handle(msg);
      for (const reply of replies) await sendTo(msg.chatId, reply);
      return replies;
    },
    async onChatEvent(event: ChatEvent) {
      const replies = await router.onChatEvent(event);
      const target = replyTarget(event);
      if (target) for (const reply of replies) await sendTo(target, reply);
      return replies;
    },
  };

  let stopSweeper: (() => Promise<void>) | undefined;

  return {
    config,
    log,
    store,
    router,
    applications,
    delivery,
    adapters,
    approvals,
    get source() {
      return source;
    },
    sendTo,
    get desk() {
      return desk;
    },
    async start() {
      if (opts.sampleOnEmpty) {
        // Only the console demo imports the sample: a bot's start does not load the importer.
        const { importSampleIfEmpty } = await import("./sample.ts");
        await importSampleIfEmpty(store, config, log);
      }
      for (const p of configuredPlatforms(config))
        await recordConfiguredChats(store, p.configuredChats?.(config.platforms[p.id]) ?? [], log);
      for (const adapter of adapters) {
        await adapter.start(handlers);
        log.info({ platform: adapter.platform }, "platform started");
      }
      await delivery.start();
      if (opts.desk) {
        try {
          // Loaded only when served: CLI commands that build no desk do not pay for fastify.
          const { startDesk } = await import("./desk/index.ts");
          desk = await startDesk(
            { config, log, store, router, delivery, adapters },
            typeof opts.desk === "object" ? opts.desk : {},
          );
        } catch (err) {
          // A desk that cannot listen (port taken) must not stop the bot from delivering.
          log.warn({ err }, "the editor's desk could not start");
        }
      }
      source = startIssueSource({
        config,
        store,
        log,
        approvals,
        notifyAdmins,
        watchMs: opts.watchMs,
        retryMinMs: opts.fetchRetryMinMs,
      });
      // Issues imported while the bot was down are previewed (or recorded) now, not at the next tick.
      source.check().catch((err: unknown) => log.warn({ err }, "looking for new issues failed"));
      stopSweeper = startSweeper(applications, log, opts.sweepEveryMs);
    },
    async stop() {
      await stopSweeper?.();
      await desk?.close().catch((err: unknown) => log.warn({ err }, "the desk did not stop cleanly"));
      source?.stop();
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
    case "known":
      return undefined;
  }
}

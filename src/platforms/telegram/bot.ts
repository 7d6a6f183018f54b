import { randomBytes } from "node:crypto";
import { Agent, createServer, type Server } from "node:http";
import { Telegraf, type Telegram } from "telegraf";
import type { Update, UserFromGetMe } from "telegraf/types";
import { type Logger, redactSecrets } from "../../log.ts";
import { MENU } from "./commands.ts";
import { toSendError } from "./errors.ts";
import { fetchIdentity } from "./identity.ts";
import { boundedWebhook } from "./webhook-body.ts";

/** The update kinds the bot asks for; my_chat_member is what tells us we were added or kicked. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

export interface TelegramBotOptions {
  token: string;
  apiRoot: string;
  /** Public HTTPS URL Telegram posts updates to; long polling when absent. */
  webhookUrl?: string;
  /** Checked on every webhook request (X-Telegram-Bot-Api-Secret-Token); generated when absent. */
  webhookSecret?: string;
  /** Where the webhook server listens (behind a TLS proxy): default 127.0.0.1 and the URL's port, else 8443. */
  webhookListen?: { host?: string; port?: number };
  log: Logger;
  /** How long start() retries an unreachable Bot API (default 5 s; the app passes PAPERBOY_START_RETRY_SECONDS). */
  startRetrySeconds?: number;
  /** First delay before long polling is started again after it failed (doubles up to a minute). */
  restartDelayMs?: number;
  /** The paperboy admins' chats (namespaced; other platforms' are skipped): they get the admin menu. */
  adminChats?: readonly string[];
}

/**
 * The telegraf lifecycle: getMe, the command menu, then long polling (or a webhook server), and a
 * clean stop. Every update is handed to `onUpdate`; nothing here replies through `ctx` because
 * telegraf builds a new client per update (all sends go through the adapter's `send`).
 */
export class TelegramBot {
  readonly telegraf: Telegraf;
  info?: UserFromGetMe;
  private polling?: Promise<void>;
  private polled = false;
  private readonly seen = new Set<number>();
  private stopping = false;
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;
  private webhookServer?: Server;

  constructor(private readonly opts: TelegramBotOptions) {
    // webhookReply off: a call must never be folded into a webhook response we cannot see fail.
    this.telegraf = new Telegraf(opts.token, { telegram: { apiRoot: opts.apiRoot, webhookReply: false } });
    if (opts.apiRoot.startsWith("http://")) {
      // telegraf drops its keep-alive agent for plain-http API roots (a self-hosted telegram-bot-api
      // on localhost), so every call would open a new connection: at thousands of messages a second
      // that costs more CPU than the sending itself. Reuse connections there too.
      this.telegraf.telegram.options.agent = new Agent({
        keepAlive: true,
        keepAliveMsecs: 10_000,
        maxSockets: 64,
      });
    }
    this.telegraf.catch((err, ctx) => {
      opts.log.error(
        { updateId: ctx.update.update_id, err: redactSecrets(String(err)) },
        "telegram: update failed",
      );
    });
  }

  get telegram(): Telegram {
    return this.telegraf.telegram;
  }

  async start(onUpdate: (update: Update) => void): Promise<void> {
    const log = this.opts.log;
    this.info = await fetchIdentity(this.telegram, this.opts.apiRoot, log, this.opts.startRetrySeconds ?? 5);
    this.telegraf.botInfo = this.info;
    this.telegraf.use((ctx) => {
      // After polling restarts from an unconfirmed offset (or a webhook retry) an update comes again.
      // Remembered by id, not as a maximum: after a quiet week Telegram picks the next id at random.
      const id = ctx.update.update_id;
      if (this.seen.has(id)) return;
      this.seen.add(id);
      if (this.seen.size > 1000) this.seen.delete(this.seen.values().next().value as number);
      onUpdate(ctx.update);
      // The next getUpdates waits one turn of the event loop: a reply that needs no I/O is
      // then written before the poll request, which would otherwise be built in between.
      return new Promise<void>((resolve) => setImmediate(resolve));
    });
    if (this.opts.webhookUrl) await this.startWebhook(this.opts.webhookUrl);
    else await this.startPolling();
    // The menu once updates flow: two round trips no reader should wait for (it logs its own failure).
    void this.setCommands();
    log.info(
      { username: this.info.username, mode: this.opts.webhookUrl ? "webhook" : "polling" },
      "telegram: bot started",
    );
  }

  private async setCommands(): Promise<void> {
    try {
      await this.telegram.setMyCommands(MENU.en);
      await this.telegram.setMyCommands(MENU.zh, { language_code: "zh" });
      // The admins' own chats also list the admin commands (/approve, /push …); nobody else sees them.
      for (const chat of this.opts.adminChats ?? []) {
        const id = /^telegram:(-?\d+)$/.exec(chat)?.[1];
        if (!id) continue;
        const scope = { type: "chat" as const, chat_id: Number(id) };
        await this.telegram.setMyCommands(MENU.adminEn, { scope });
        await this.telegram.setMyCommands(MENU.adminZh, { scope, language_code: "zh" });
      }
    } catch (err) {
      // The menu is a convenience: a bot without it still answers every command.
      this.opts.log.warn({ err: toSendError(err).message }, "telegram: setMyCommands failed");
    }
  }

  /** Resolves once the first getUpdates is on its way, so updates pushed after start() are received. */
  private async startPolling(): Promise<void> {
    const { firstPoll, loop } = this.launchPolling();
    await Promise.race([
      firstPoll,
      loop.then(() => {
        throw new Error("telegram: long polling ended before it started");
      }),
    ]).catch((err: unknown) => {
      throw new Error(`telegram: cannot start polling: ${toSendError(err).message}`);
    });
  }

  private launchPolling(): { firstPoll: Promise<void>; loop: Promise<void> } {
    const telegram = this.telegram;
    const callApi = telegram.callApi.bind(telegram);
    const firstPoll = new Promise<void>((resolve) => {
      telegram.callApi = ((method: string, ...rest: unknown[]) => {
        if (method === "getUpdates") {
          telegram.callApi = callApi;
          this.polled = true;
          this.restarts = 0;
          resolve();
        }
        return (callApi as (m: string, ...r: unknown[]) => Promise<unknown>)(method, ...rest);
      }) as typeof telegram.callApi;
    });
    const loop = this.telegraf.launch({ allowedUpdates: [...ALLOWED_UPDATES] });
    this.polling = loop.then(
      () => this.pollingEnded(undefined, callApi),
      (err: unknown) => this.pollingEnded(err, callApi),
    );
    return { firstPoll, loop };
  }

  /**
   * telegraf retries polling through network errors, 5xx and 429 by itself but gives up on anything
   * else (409 when a second instance polls, a webhook set behind our back). Unless we are stopping
   * or the token was revoked, start again with a growing delay instead of going deaf.
   */
  private pollingEnded(err: unknown, callApi: Telegram["callApi"]): void {
    this.telegram.callApi = callApi;
    if (this.stopping || !this.polled) return;
    const e = err === undefined ? undefined : toSendError(err);
    if (e?.code === 401) {
      this.opts.log.error({ err: e.message }, "telegram: the token was rejected; long polling stopped");
      return;
    }
    const delay = Math.min(60_000, (this.opts.restartDelayMs ?? 5000) * 2 ** this.restarts++);
    this.opts.log.error({ err: e?.message, retryInMs: delay }, "telegram: long polling stopped; restarting");
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.stopping) this.launchPolling();
    }, delay);
  }

  private async startWebhook(webhookUrl: string): Promise<void> {
    const url = new URL(webhookUrl);
    const secret = this.opts.webhookSecret ?? randomBytes(32).toString("hex");
    const path = `${url.pathname}${url.search}`;
    const server = createServer(boundedWebhook(this.telegraf.webhookCallback(path, { secretToken: secret })));
    const port = this.opts.webhookListen?.port ?? (url.port ? Number(url.port) : 8443);
    const host = this.opts.webhookListen?.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    this.webhookServer = server;
    try {
      await this.telegram.setWebhook(webhookUrl, {
        secret_token: secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
    } catch (err) {
      await this.stop();
      throw new Error(`telegram: setWebhook failed: ${toSendError(err).message}`);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (this.polling) {
      try {
        this.telegraf.stop("paperboy stop");
      } catch {
        // Not running (start failed half way): nothing to stop.
      }
      await this.polling;
      this.polling = undefined;
    }
    const server = this.webhookServer;
    if (server) {
      this.webhookServer = undefined;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

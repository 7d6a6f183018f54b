import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import pRetry, { AbortError } from "p-retry";
import { Telegraf, type Telegram } from "telegraf";
import type { Update, UserFromGetMe } from "telegraf/types";
import { isRetryable } from "../../delivery/errors.ts";
import { type Logger, redactSecrets } from "../../log.ts";
import { MENU } from "./commands.ts";
import { toSendError } from "./errors.ts";

/** The update kinds the bot asks for; my_chat_member is what tells us we were added or kicked. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "channel_post"] as const;

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
  private webhookServer?: Server;

  constructor(private readonly opts: TelegramBotOptions) {
    // webhookReply off: a call must never be folded into a webhook response we cannot see fail.
    this.telegraf = new Telegraf(opts.token, { telegram: { apiRoot: opts.apiRoot, webhookReply: false } });
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
    this.info = await pRetry(
      async () => {
        try {
          return await this.telegram.getMe();
        } catch (err) {
          const e = toSendError(err);
          throw isRetryable(e) ? e : new AbortError(e);
        }
      },
      {
        retries: 3,
        minTimeout: 500,
        onFailedAttempt: (e) => log.warn({ err: redactSecrets(e.message) }, "telegram: getMe failed"),
      },
    ).catch((err: unknown) => {
      throw new Error(
        `telegram: cannot reach the Bot API: ${redactSecrets(err instanceof Error ? err.message : String(err))}`,
      );
    });
    this.telegraf.botInfo = this.info;
    this.telegraf.use((ctx) => {
      onUpdate(ctx.update);
    });
    await this.setCommands();
    if (this.opts.webhookUrl) await this.startWebhook(this.opts.webhookUrl);
    else await this.startPolling();
    log.info(
      { username: this.info.username, mode: this.opts.webhookUrl ? "webhook" : "polling" },
      "telegram: bot started",
    );
  }

  private async setCommands(): Promise<void> {
    try {
      await this.telegram.setMyCommands(MENU.en);
      await this.telegram.setMyCommands(MENU.zh, { language_code: "zh" });
    } catch (err) {
      // The menu is a convenience: a bot without it still answers every command.
      this.opts.log.warn({ err: toSendError(err).message }, "telegram: setMyCommands failed");
    }
  }

  /** Resolves once the first getUpdates is on its way, so updates pushed after start() are received. */
  private async startPolling(): Promise<void> {
    const telegram = this.telegram;
    const callApi = telegram.callApi.bind(telegram);
    const firstPoll = new Promise<void>((resolve) => {
      telegram.callApi = ((method: string, ...rest: unknown[]) => {
        if (method === "getUpdates") {
          telegram.callApi = callApi;
          resolve();
        }
        return (callApi as (m: string, ...r: unknown[]) => Promise<unknown>)(method, ...rest);
      }) as typeof telegram.callApi;
    });
    const polling = this.telegraf.launch({ allowedUpdates: [...ALLOWED_UPDATES] });
    this.polling = polling.catch((err: unknown) => {
      this.opts.log.error({ err: toSendError(err).message }, "telegram: long polling stopped");
    });
    await Promise.race([
      firstPoll,
      polling.then(() => {
        throw new Error("telegram: long polling ended before it started");
      }),
    ]).catch((err: unknown) => {
      telegram.callApi = callApi;
      throw new Error(`telegram: cannot start polling: ${toSendError(err).message}`);
    });
  }

  private async startWebhook(webhookUrl: string): Promise<void> {
    const url = new URL(webhookUrl);
    const secret = this.opts.webhookSecret ?? randomBytes(32).toString("hex");
    const path = `${url.pathname}${url.search}`;
    const server = createServer(this.telegraf.webhookCallback(path, { secretToken: secret }));
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

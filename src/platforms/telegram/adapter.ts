import type { Update } from "telegraf/types";
import type {
  InboundHandlers,
  OutPart,
  PlatformAdapter,
  Reply,
  SendReceipt,
} from "../../core/ports/index.ts";
import { PermanentError } from "../../core/ports/index.ts";
import { parseChatId } from "../../domain/chat.ts";
import { type ImagePolicy, imagePolicy } from "../../images/index.ts";
import { type Logger, redactSecrets } from "../../log.ts";
import { TelegramBot } from "./bot.ts";
import { type DecodeContext, decodeUpdate } from "./decode.ts";
import { type TELEGRAM_DEFAULTS, telegram, telegramLimits } from "./descriptor.ts";
import { renderReply, sendPart } from "./encode.ts";
import { refusedByApi, toSendError } from "./errors.ts";
import { PhotoIds } from "./photo-ids.ts";
import { ChatQueues } from "./queues.ts";

export interface TelegramAdapterOptions {
  token: string;
  /** `https://api.telegram.org`, a self-hosted telegram-bot-api, or a test stand-in. */
  apiRoot: string;
  webhookUrl?: string;
  webhookSecret?: string;
  webhookListen?: { host?: string; port?: number };
  /** How long start() retries an unreachable Bot API before giving up (default 5 s). */
  startRetrySeconds?: number;
  /** The paperboy admins' chats (namespaced; other platforms' are skipped): they get the admin menu. */
  adminChats?: readonly string[];
  /** First delay before long polling restarts after an error telegraf does not retry (default 5 s). */
  restartDelayMs?: number;
  /** Turns the relative image paths (`/upload/img/…`) into URLs Telegram downloads. */
  imageBaseUrl?: string;
  /** Relative image paths are looked up in `<dataDir>/images` when there is no imageBaseUrl and no `images`. */
  dataDir?: string;
  /** The account's sending limits (Telegram's documented ones by default). */
  limits?: Partial<typeof TELEGRAM_DEFAULTS>;
  /** Where images may come from (src/images); built from imageBaseUrl and dataDir when absent. */
  images?: ImagePolicy;
  /** TELEGRAM_PAID_BROADCAST: every send carries `allow_paid_broadcast` (the limiter allows 1,000/s). */
  paidBroadcast?: boolean;
  log: Logger;
}

export type TelegramAdapter = PlatformAdapter & {
  /** The bot's @username, known once started. */
  readonly botUsername?: string;
};

const INVITE_TTL_SECONDS = 7 * 24 * 3600;

/** Numeric ids become numbers (the API's type); `@channelname` stays a string. */
function rawId(chatId: string): number | string {
  const { platform, raw } = parseChatId(chatId);
  if (platform !== "telegram") throw new PermanentError(`not a Telegram chat: ${chatId}`);
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

/**
 * Paperboy on Telegram. Inbound updates are decoded and handed to the app in order per chat (one
 * slow chat never holds up the others or the polling loop); button presses are always answered.
 * `send` is the only way out: no throttling, no retries, typed errors (the delivery layer decides).
 * Updates are acknowledged to Telegram as soon as they are queued here, so a crash loses at most the
 * few messages in hand (readers ask again); pushes are durable in the delivery ledger instead.
 */
/** Telegram takes uploaded photos up to 10 MB. */
const TELEGRAM_PHOTO_MAX_BYTES = 10 * 1024 * 1024;

export function createTelegramAdapter(opts: TelegramAdapterOptions): TelegramAdapter {
  const log = opts.log;
  const images =
    opts.images ??
    imagePolicy(
      {
        imageBaseUrl: opts.imageBaseUrl,
        imageDir: `${opts.dataDir ?? "./data"}/images`,
        imageHosts: [],
      },
      TELEGRAM_PHOTO_MAX_BYTES,
    );
  const bot = new TelegramBot(opts);
  const queues = new ChatQueues(log);
  const photos = new PhotoIds();

  async function isAdmin(chat: number, userId: number): Promise<boolean> {
    try {
      const member = await bot.telegram.getChatMember(chat, userId);
      return member.status === "creator" || member.status === "administrator";
    } catch (err) {
      log.warn(
        { chat, err: redactSecrets(String(err)) },
        "telegram: getChatMember failed; treating as not admin",
      );
      return false;
    }
  }

  function onUpdate(update: Update, handlers: InboundHandlers, ctx: DecodeContext): void {
    let decoded: ReturnType<typeof decodeUpdate>;
    try {
      decoded = decodeUpdate(update, ctx);
    } catch (err) {
      log.warn(
        { updateId: update.update_id, err: redactSecrets(String(err)) },
        "telegram: update not understood",
      );
      return;
    }
    const updateId = update.update_id;
    switch (decoded.kind) {
      case "ignored":
        log.debug({ updateId, why: decoded.why }, "telegram: update ignored");
        return;
      case "callback":
        // Answered first and whatever happens next, so the reader's button stops spinning.
        bot.telegram.answerCbQuery(decoded.callbackQueryId).catch((err: unknown) => {
          log.warn({ updateId, err: redactSecrets(String(err)) }, "telegram: answerCallbackQuery failed");
        });
        queues.run(decoded.msg.chatId, updateId, () => handlers.onMessage(decoded.msg));
        return;
      case "message":
        queues.run(decoded.msg.chatId, updateId, () => handlers.onMessage(decoded.msg));
        return;
      case "event": {
        const e = decoded.event;
        const key = e.type === "migrated" ? e.fromChatId : e.chatId;
        queues.run(key, updateId, () => handlers.onChatEvent(e));
        return;
      }
    }
  }

  return {
    platform: "telegram",
    limits: { ...telegramLimits(opts.limits), notCounted: refusedByApi },
    capabilities: telegram.capabilities,
    get botUsername() {
      return bot.info?.username;
    },

    async start(handlers: InboundHandlers) {
      await bot.start((update) => {
        const info = bot.info;
        if (!info) return;
        onUpdate(update, handlers, { botId: info.id, botUsername: info.username, isAdmin });
      });
    },

    async stop() {
      await bot.stop();
      await queues.drain(10_000);
    },

    render(reply: Reply): OutPart[] {
      return renderReply(reply);
    },

    async createInviteLink(chatId: string): Promise<string> {
      // One person, one week: a forwarded link cannot bring a crowd into the club group.
      const expireDate = Math.floor(Date.now() / 1000) + INVITE_TTL_SECONDS;
      try {
        const link = await bot.telegram.createChatInviteLink(rawId(chatId), {
          member_limit: 1,
          expire_date: expireDate,
          name: "paperboy club invite",
        });
        return link.invite_link;
      } catch (err) {
        throw toSendError(err);
      }
    },

    async send(chatId: string, part: OutPart): Promise<SendReceipt> {
      return sendPart(bot.telegram, rawId(chatId), part, {
        images,
        log,
        paidBroadcast: opts.paidBroadcast,
        photos,
      });
    },
  };
}

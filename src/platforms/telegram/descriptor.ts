import { z } from "zod";
import { type PlatformDescriptor, perWindow, type RateLimits } from "../../core/ports/index.ts";
import { envNumber } from "../env.ts";
import { renderTelegram, TELEGRAM_LIMITS } from "./render.ts";

const TelegramConfig = z.object({
  token: z.string().regex(/^\d+:[\w-]+$/, "expected a bot token as given by @BotFather (`123456:ABC…`)"),
  apiRoot: z.string().url(),
  webhookUrl: z.string().url().optional(),
  webhookSecret: z.string().optional(),
  /** Where the webhook server listens (behind a TLS proxy); default 127.0.0.1 and the URL's port. */
  webhookHost: z.string().optional(),
  webhookPort: z.number().int().min(1).max(65535).optional(),
  /** Messages per second for the whole bot (Telegram: about 30; 1,000 with paid broadcasts). */
  globalPerSecond: z.number().positive(),
  /** Sends carry `allow_paid_broadcast` (0.1 Telegram Stars a message beyond 30/s, for speed). */
  paidBroadcast: z.boolean(),
  /** Messages per minute in one group (Telegram: 20). */
  groupPerMinute: z.number().positive(),
  /** Messages per second in one chat (Telegram: 1). */
  chatPerSecond: z.number().positive(),
});
export type TelegramConfig = z.infer<typeof TelegramConfig>;

/** Telegram's documented limits, used when the config does not say otherwise (Bot API FAQ). */
export const TELEGRAM_DEFAULTS = { globalPerSecond: 30, groupPerMinute: 20, chatPerSecond: 1 };

/** Telegram group and channel ids are negative, private chats positive. */
function isGroup(rawChatId: string): boolean {
  return rawChatId.startsWith("-");
}

export function telegramLimits(t: Partial<typeof TELEGRAM_DEFAULTS> = {}): RateLimits {
  const perSecond = t.globalPerSecond ?? TELEGRAM_DEFAULTS.globalPerSecond;
  const chatRules = [perWindow(t.chatPerSecond ?? TELEGRAM_DEFAULTS.chatPerSecond, 1000)];
  const groupRules = [perWindow(t.groupPerMinute ?? TELEGRAM_DEFAULTS.groupPerMinute, 60_000), ...chatRules];
  return {
    global: [perWindow(perSecond, 1000)],
    perChat: (chatId) => (isGroup(chatId.slice(chatId.indexOf(":") + 1)) ? groupRules : chatRules),
    // Spread the account's budget evenly: bursts of a whole window would queue inside the HTTP client
    // and arrive at the server bunched up. The pace runs at the limit itself, so with no tolerance every
    // millisecond a timer fires late is lost for good (1.2 ms a grant measured at 30/s: 4%); a tenth
    // of a second's worth lets late grants catch up. The sliding windows still bound every second.
    pace: { intervalMs: 1000 / perSecond, burst: Math.max(4, Math.floor(perSecond / 10)) },
    // Enough for a tenth of a second's budget (at least 16, at most 128): the real API answers in
    // tens of milliseconds, and more requests in flight only add memory and queueing.
    maxInFlight: Math.min(1000, Math.max(16, Math.ceil(perSecond / 5))),
    // `notCounted` is added by the adapter (src/platforms/telegram/errors.ts knows telegraf's errors;
    // the descriptor loads no SDK).
  };
}

export const telegram: PlatformDescriptor<TelegramConfig> = {
  id: "telegram",
  title: "Telegram",
  exampleChatId: "telegram:-100123",
  env: [
    {
      name: "TELEGRAM_BOT_TOKEN",
      field: "token",
      description: "the bot's token from @BotFather",
      secret: true,
    },
    { name: "TELEGRAM_API_ROOT", field: "apiRoot", description: "Bot API root (default the official API)" },
    {
      name: "TELEGRAM_WEBHOOK_URL",
      field: "webhookUrl",
      description: "public webhook URL (else long polling)",
    },
    { name: "TELEGRAM_WEBHOOK_SECRET", field: "webhookSecret", description: "webhook secret", secret: true },
    { name: "TELEGRAM_WEBHOOK_HOST", field: "webhookHost", description: "where the webhook server listens" },
    { name: "TELEGRAM_WEBHOOK_PORT", field: "webhookPort", description: "the webhook server's port" },
    { name: "TELEGRAM_GLOBAL_PER_SECOND", field: "globalPerSecond", description: "messages per second (30)" },
    {
      name: "TELEGRAM_GROUP_PER_MINUTE",
      field: "groupPerMinute",
      description: "messages per minute in a group (20)",
    },
    {
      name: "TELEGRAM_CHAT_PER_SECOND",
      field: "chatPerSecond",
      description: "messages per second in a chat (1)",
    },
    { name: "TELEGRAM_PAID_BROADCAST", field: "paidBroadcast", description: "allow_paid_broadcast: 1,000/s" },
  ],
  fromEnv(env) {
    if (!env.TELEGRAM_BOT_TOKEN) return undefined;
    const paidBroadcast = /^(1|true|yes|on)$/i.test(env.TELEGRAM_PAID_BROADCAST ?? "");
    return {
      token: env.TELEGRAM_BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT || "https://api.telegram.org",
      webhookUrl: env.TELEGRAM_WEBHOOK_URL || undefined,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET || undefined,
      webhookHost: env.TELEGRAM_WEBHOOK_HOST || undefined,
      webhookPort: env.TELEGRAM_WEBHOOK_PORT ? envNumber(env.TELEGRAM_WEBHOOK_PORT, 0) : undefined,
      // Paid broadcasts lift Telegram's account-wide limit from 30 to 1,000 messages a second.
      globalPerSecond: envNumber(
        env.TELEGRAM_GLOBAL_PER_SECOND,
        paidBroadcast ? 1000 : TELEGRAM_DEFAULTS.globalPerSecond,
      ),
      paidBroadcast,
      groupPerMinute: envNumber(env.TELEGRAM_GROUP_PER_MINUTE, TELEGRAM_DEFAULTS.groupPerMinute),
      chatPerSecond: envNumber(env.TELEGRAM_CHAT_PER_SECOND, TELEGRAM_DEFAULTS.chatPerSecond),
    };
  },
  configSchema: TelegramConfig,
  capabilities: {
    buttons: true,
    edit: true,
    inboundCommands: true,
    inviteLinks: true,
    addToGroup: false,
    mediaGroups: true,
    privateChat: "deep-link",
  },
  limits: (config) => telegramLimits(config),
  isGroup,
  render: (reply) => renderTelegram(reply, TELEGRAM_LIMITS),
  preview: { markup: "html", maxChars: TELEGRAM_LIMITS.text },
  async create(config, ctx) {
    const { createTelegramAdapter } = await import("./adapter.ts");
    return createTelegramAdapter({
      token: config.token,
      apiRoot: config.apiRoot,
      webhookUrl: config.webhookUrl,
      webhookSecret: config.webhookSecret,
      webhookListen: { host: config.webhookHost, port: config.webhookPort },
      imageBaseUrl: ctx.imageBaseUrl,
      dataDir: ctx.dataDir,
      images: ctx.images(10 * 1024 * 1024),
      startRetrySeconds: ctx.startRetrySeconds,
      adminChats: ctx.adminChats,
      paidBroadcast: config.paidBroadcast,
      limits: config,
      log: ctx.log.child({ platform: "telegram" }),
    });
  },
  deepLink: (bot, payload) => `https://t.me/${encodeURIComponent(bot.replace(/^@/, ""))}?start=${payload}`,
  async check(config) {
    const { checkTelegram } = await import("../checks.ts");
    return [await checkTelegram(config)];
  },
  describe: (config) =>
    `TELEGRAM_BOT_TOKEN is set (API root ${new URL(config.apiRoot).origin}${config.webhookUrl ? ", webhook" : ", long polling"})`,
  redact: (config) => ({
    ...config,
    token: "(set)",
    webhookSecret: config.webhookSecret ? "(set)" : undefined,
  }),
};

import path from "node:path";
import { z } from "zod";

/** Five or six cron fields (node-schedule accepts an optional leading seconds field). */
const CRON = /^\s*(\S+\s+){4,5}\S+\s*$/;

function list(v: string | undefined): string[] {
  return (v ?? "")
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const NamespacedId = z
  .string()
  .regex(
    /^(telegram|wechat|console):\S+$/,
    "expected a platform and an id such as `telegram:123` or `wechat:wxid_abc`",
  );

const ConfigSchema = z.object({
  dataDir: z.string().min(1),
  tz: z.string().refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: "expected an IANA timezone such as `Asia/Shanghai`" },
  ),
  pushAt: z.string().regex(CRON, "expected a cron expression such as `0 18 * * *`"),
  /** How late a missed push may still run after a restart on the same day. */
  catchUpMinutes: z.number().int().min(0),
  sectionGapSeconds: z.number().min(0),
  locale: z.enum(["zh-CN", "en"]),
  admins: z.array(NamespacedId),
  adminChat: NamespacedId.optional(),
  clubChats: z.array(NamespacedId),
  imageBaseUrl: z.string().url("expected an absolute URL such as `https://example.com`").optional(),
  /** The publisher's feed (RSS/Atom) or article page the bot fetches the issue from by itself. */
  sourceUrl: z
    .string()
    .url("expected an http(s) URL such as `https://example.com/feed.xml`")
    .refine((u) => /^https?:\/\//i.test(u), "expected an http or https URL")
    .optional(),
  /** When the source is fetched; undefined = 30 minutes before each push. */
  fetchAt: z.string().regex(CRON, "expected a cron expression such as `30 17 * * *`").optional(),
  /** After a push, how often the source is fetched again for corrections that day (0 = never). */
  recheckMinutes: z.number().min(0),
  fetchTimeoutSeconds: z.number().positive(),
  fetchMaxBytes: z.number().int().positive(),
  fetchRetries: z.number().int().min(0).max(10),
  /** `required`: an issue (and a correction) goes out only once an admin approves it. */
  approval: z.enum(["auto", "required"]),
  telegram: z
    .object({
      token: z.string().regex(/^\d+:[\w-]+$/, "expected a bot token as given by @BotFather (`123456:ABC…`)"),
      apiRoot: z.string().url(),
      webhookUrl: z.string().url().optional(),
      webhookSecret: z.string().optional(),
      /** Where the webhook server listens (behind a TLS proxy); default 127.0.0.1 and the URL's port. */
      webhookHost: z.string().optional(),
      webhookPort: z.number().int().min(1).max(65535).optional(),
      /** Messages per second for the whole bot (Telegram: about 30). */
      globalPerSecond: z.number().positive(),
      /** Messages per minute in one group (Telegram: 20). */
      groupPerMinute: z.number().positive(),
      /** Messages per second in one chat (Telegram: 1). */
      chatPerSecond: z.number().positive(),
    })
    .optional(),
  wechat: z
    .object({
      puppet: z.string().min(1),
      minIntervalMs: z.number().int().min(0),
      acceptFriends: z.boolean(),
      friendKeyword: z.string().optional(),
    })
    .optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Which environment variable each config field comes from, so errors name what the operator set. */
const ENV_NAMES: Record<string, string> = {
  dataDir: "PAPERBOY_DATA_DIR",
  tz: "PAPERBOY_TZ",
  pushAt: "PAPERBOY_PUSH_AT",
  catchUpMinutes: "PAPERBOY_CATCH_UP_MINUTES",
  sectionGapSeconds: "PAPERBOY_SECTION_GAP_SECONDS",
  locale: "PAPERBOY_LOCALE",
  admins: "PAPERBOY_ADMINS",
  adminChat: "PAPERBOY_ADMIN_CHAT",
  clubChats: "PAPERBOY_CLUB_CHATS",
  imageBaseUrl: "PAPERBOY_IMAGE_BASE_URL",
  sourceUrl: "PAPERBOY_SOURCE_URL",
  fetchAt: "PAPERBOY_FETCH_AT",
  recheckMinutes: "PAPERBOY_RECHECK_MINUTES",
  fetchTimeoutSeconds: "PAPERBOY_FETCH_TIMEOUT_SECONDS",
  fetchMaxBytes: "PAPERBOY_FETCH_MAX_BYTES",
  fetchRetries: "PAPERBOY_FETCH_RETRIES",
  approval: "PAPERBOY_APPROVAL",
  "telegram.token": "TELEGRAM_BOT_TOKEN",
  "telegram.apiRoot": "TELEGRAM_API_ROOT",
  "telegram.webhookUrl": "TELEGRAM_WEBHOOK_URL",
  "telegram.webhookPort": "TELEGRAM_WEBHOOK_PORT",
  "telegram.globalPerSecond": "TELEGRAM_GLOBAL_PER_SECOND",
  "telegram.groupPerMinute": "TELEGRAM_GROUP_PER_MINUTE",
  "telegram.chatPerSecond": "TELEGRAM_CHAT_PER_SECOND",
  "wechat.puppet": "WECHATY_PUPPET",
  "wechat.minIntervalMs": "WECHAT_MIN_INTERVAL_MS",
  "wechat.friendKeyword": "WECHAT_FRIEND_KEYWORD",
};

function num(v: string | undefined, fallback: number): number {
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** Reads the environment once, validates it, and says exactly which variable is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = {
    dataDir: path.resolve(env.PAPERBOY_DATA_DIR || "./data"),
    tz: env.PAPERBOY_TZ || "Asia/Shanghai",
    pushAt: env.PAPERBOY_PUSH_AT || "0 18 * * *",
    catchUpMinutes: num(env.PAPERBOY_CATCH_UP_MINUTES, 240),
    sectionGapSeconds: num(env.PAPERBOY_SECTION_GAP_SECONDS, 0),
    locale: env.PAPERBOY_LOCALE || "zh-CN",
    admins: list(env.PAPERBOY_ADMINS),
    adminChat: env.PAPERBOY_ADMIN_CHAT || undefined,
    clubChats: list(env.PAPERBOY_CLUB_CHATS),
    imageBaseUrl: env.PAPERBOY_IMAGE_BASE_URL || undefined,
    sourceUrl: env.PAPERBOY_SOURCE_URL || undefined,
    fetchAt: env.PAPERBOY_FETCH_AT || undefined,
    recheckMinutes: num(env.PAPERBOY_RECHECK_MINUTES, 15),
    fetchTimeoutSeconds: num(env.PAPERBOY_FETCH_TIMEOUT_SECONDS, 20),
    fetchMaxBytes: num(env.PAPERBOY_FETCH_MAX_BYTES, 5 * 1024 * 1024),
    fetchRetries: num(env.PAPERBOY_FETCH_RETRIES, 3),
    approval: (env.PAPERBOY_APPROVAL || "auto").toLowerCase(),
    telegram: env.TELEGRAM_BOT_TOKEN
      ? {
          token: env.TELEGRAM_BOT_TOKEN,
          apiRoot: env.TELEGRAM_API_ROOT || "https://api.telegram.org",
          webhookUrl: env.TELEGRAM_WEBHOOK_URL || undefined,
          webhookSecret: env.TELEGRAM_WEBHOOK_SECRET || undefined,
          webhookHost: env.TELEGRAM_WEBHOOK_HOST || undefined,
          webhookPort: env.TELEGRAM_WEBHOOK_PORT ? num(env.TELEGRAM_WEBHOOK_PORT, 0) : undefined,
          globalPerSecond: num(env.TELEGRAM_GLOBAL_PER_SECOND, 30),
          groupPerMinute: num(env.TELEGRAM_GROUP_PER_MINUTE, 20),
          chatPerSecond: num(env.TELEGRAM_CHAT_PER_SECOND, 1),
        }
      : undefined,
    wechat: env.WECHATY_PUPPET
      ? {
          puppet: env.WECHATY_PUPPET,
          minIntervalMs: num(env.WECHAT_MIN_INTERVAL_MS, 3000),
          acceptFriends: !/^(0|false|no|off)$/i.test(env.WECHAT_ACCEPT_FRIENDS ?? ""),
          friendKeyword: env.WECHAT_FRIEND_KEYWORD || undefined,
        }
      : undefined,
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.filter((p) => typeof p === "string").join(".");
      const name = ENV_NAMES[key] ?? key;
      // Never echo a token back, even a malformed one.
      const shown = /token|secret/i.test(name) ? "(hidden)" : `\`${String(getPath(raw, issue.path))}\``;
      return `Expected \`${name}\` to be valid: ${issue.message}, got ${shown}`;
    });
    throw new ConfigError(lines.join("\n"));
  }
  return parsed.data;
}

function getPath(obj: unknown, p: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const k of p)
    cur = cur && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[k] : undefined;
  return cur;
}

/** The config without secrets, for `doctor` and logs. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    ...c,
    telegram: c.telegram
      ? { ...c.telegram, token: "(set)", webhookSecret: c.telegram.webhookSecret ? "(set)" : undefined }
      : undefined,
  };
}

import path from "node:path";
import cronParser from "cron-parser";
import { z } from "zod";
import { redactUrl } from "./store/postgres/url.ts";

/** Five or six cron fields (node-schedule accepts an optional leading seconds field). */
const CRON = /^\s*(\S+\s+){4,5}\S+\s*$/;

/** Why cron-parser (which node-schedule runs on) refuses an expression, or undefined if it takes it. */
function cronProblem(cron: string): string | undefined {
  try {
    cronParser.parseExpression(cron);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** A cron setting: the shape, then the ranges (the shape alone lets `61 25 * * *` through). */
function cronSchema(example: string) {
  return z
    .string()
    .regex(CRON, `expected a cron expression such as \`${example}\``)
    .superRefine((cron, ctx) => {
      const problem = cronProblem(cron);
      if (problem) ctx.addIssue({ code: "custom", message: `not a valid cron expression (${problem})` });
    });
}

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
  /** PostgreSQL instead of the files under dataDir (`postgres://user:password@host:5432/db`). */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/i, "expected a URL such as `postgres://paperboy:secret@db:5432/paperboy`")
    .optional(),
  /** The schema of the database holding paperboy's tables: one per publisher on a shared database. */
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "expected a plain schema name such as `public` or `laogao`"),
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
  pushAt: cronSchema("0 18 * * *"),
  /** How late a missed push may still run after a restart on the same day. */
  catchUpMinutes: z.number().int().min(0),
  sectionGapSeconds: z.number().min(0),
  /**
   * How long a start keeps retrying a platform it cannot reach (network down at boot), with
   * backoff, before it exits 1 for the service manager to restart it. 0: one attempt.
   */
  startRetrySeconds: z.number().min(0),
  locale: z.enum(["zh-CN", "en"]),
  admins: z.array(NamespacedId),
  adminChat: NamespacedId.optional(),
  clubChats: z.array(NamespacedId),
  imageBaseUrl: z.string().url("expected an absolute URL such as `https://example.com`").optional(),
  /** The editor's desk (web): where it listens, and its public base URL when behind a TLS proxy. */
  desk: z.object({
    enabled: z.boolean(),
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    url: z.string().url("expected an absolute URL such as `https://desk.example.com`").optional(),
  }),
  /** The one folder local images are taken from (default `<data dir>/images`). */
  imageDir: z.string().min(1),
  /** Hosts besides the base URL's that issue images may be fetched from (`cdn.example.com`, `*.example.com`). */
  imageHosts: z.array(
    z.string().regex(/^(\*\.)?[\w.-]+(:\d+)?$/, "expected host names such as `cdn.example.com`"),
  ),
  /** The largest issue file `import` takes, in bytes (PAPERBOY_MAX_ISSUE_MB). */
  maxIssueBytes: z.number().positive(),
  /** The most messages one chat gets for one push (a runaway issue must not flood a group). */
  maxPartsPerChat: z.number().int().positive(),
  /**
   * How long the store's write lock may go unrefreshed before it counts as left by a dead process
   * and is broken (seconds, at least 2). A crash mid-write makes the next start wait this long.
   */
  storeLockStaleSeconds: z.number().min(2),
  /** The publisher's feed (RSS/Atom) or article page the bot fetches the issue from by itself. */
  sourceUrl: z
    .string()
    .url("expected an http(s) URL such as `https://example.com/feed.xml`")
    .refine((u) => /^https?:\/\//i.test(u), "expected an http or https URL")
    .optional(),
  /** When the source is fetched; undefined = 30 minutes before each push. */
  fetchAt: cronSchema("30 17 * * *").optional(),
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
      /** Messages per second for the whole bot (Telegram: about 30; 1,000 with paid broadcasts). */
      globalPerSecond: z.number().positive(),
      /** Sends carry `allow_paid_broadcast` (0.1 Telegram Stars a message beyond 30/s, for speed). */
      paidBroadcast: z.boolean(),
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
      /** wechaty-puppet-service's own variables, read here too so paperboy can check and resolve them. */
      serviceToken: z.string().min(1).optional(),
      serviceEndpoint: z.string().min(1).optional(),
      serviceAuthority: z.string().min(1),
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
  databaseUrl: "DATABASE_URL",
  databaseSchema: "PAPERBOY_DATABASE_SCHEMA",
  tz: "PAPERBOY_TZ",
  pushAt: "PAPERBOY_PUSH_AT",
  catchUpMinutes: "PAPERBOY_CATCH_UP_MINUTES",
  sectionGapSeconds: "PAPERBOY_SECTION_GAP_SECONDS",
  startRetrySeconds: "PAPERBOY_START_RETRY_SECONDS",
  locale: "PAPERBOY_LOCALE",
  admins: "PAPERBOY_ADMINS",
  adminChat: "PAPERBOY_ADMIN_CHAT",
  clubChats: "PAPERBOY_CLUB_CHATS",
  imageBaseUrl: "PAPERBOY_IMAGE_BASE_URL",
  "desk.enabled": "PAPERBOY_DESK",
  "desk.host": "PAPERBOY_DESK_HOST",
  "desk.port": "PAPERBOY_DESK_PORT",
  "desk.url": "PAPERBOY_DESK_URL",
  imageDir: "PAPERBOY_IMAGE_DIR",
  imageHosts: "PAPERBOY_IMAGE_HOSTS",
  maxIssueBytes: "PAPERBOY_MAX_ISSUE_MB",
  maxPartsPerChat: "PAPERBOY_MAX_PARTS_PER_CHAT",
  storeLockStaleSeconds: "PAPERBOY_STORE_LOCK_STALE_SECONDS",
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
  "telegram.paidBroadcast": "TELEGRAM_PAID_BROADCAST",
  "wechat.puppet": "WECHATY_PUPPET",
  "wechat.minIntervalMs": "WECHAT_MIN_INTERVAL_MS",
  "wechat.friendKeyword": "WECHAT_FRIEND_KEYWORD",
  "wechat.serviceToken": "WECHATY_PUPPET_SERVICE_TOKEN",
  "wechat.serviceEndpoint": "WECHATY_PUPPET_SERVICE_ENDPOINT",
  "wechat.serviceAuthority": "WECHATY_PUPPET_SERVICE_AUTHORITY",
};

function num(v: string | undefined, fallback: number): number {
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** Reads the environment once, validates it, and says exactly which variable is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.PAPERBOY_DATA_DIR || "./data");
  const paidBroadcast = /^(1|true|yes|on)$/i.test(env.TELEGRAM_PAID_BROADCAST ?? "");
  const raw = {
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.PAPERBOY_DATABASE_SCHEMA || "public",
    tz: env.PAPERBOY_TZ || "Asia/Shanghai",
    pushAt: env.PAPERBOY_PUSH_AT || "0 18 * * *",
    catchUpMinutes: num(env.PAPERBOY_CATCH_UP_MINUTES, 240),
    sectionGapSeconds: num(env.PAPERBOY_SECTION_GAP_SECONDS, 0),
    startRetrySeconds: num(env.PAPERBOY_START_RETRY_SECONDS, 90),
    locale: env.PAPERBOY_LOCALE || "zh-CN",
    admins: list(env.PAPERBOY_ADMINS),
    adminChat: env.PAPERBOY_ADMIN_CHAT || undefined,
    clubChats: list(env.PAPERBOY_CLUB_CHATS),
    imageBaseUrl: env.PAPERBOY_IMAGE_BASE_URL || undefined,
    desk: {
      enabled: !/^(0|false|no|off)$/i.test(env.PAPERBOY_DESK ?? ""),
      host: env.PAPERBOY_DESK_HOST || "127.0.0.1",
      port: num(env.PAPERBOY_DESK_PORT, 8787),
      url: env.PAPERBOY_DESK_URL || undefined,
    },
    imageDir: path.resolve(env.PAPERBOY_IMAGE_DIR || path.join(dataDir, "images")),
    imageHosts: list(env.PAPERBOY_IMAGE_HOSTS),
    maxIssueBytes: num(env.PAPERBOY_MAX_ISSUE_MB, 4) * 1024 * 1024,
    maxPartsPerChat: num(env.PAPERBOY_MAX_PARTS_PER_CHAT, 60),
    storeLockStaleSeconds: num(env.PAPERBOY_STORE_LOCK_STALE_SECONDS, 10),
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
          // Paid broadcasts lift Telegram's account-wide limit from 30 to 1,000 messages a second.
          globalPerSecond: num(env.TELEGRAM_GLOBAL_PER_SECOND, paidBroadcast ? 1000 : 30),
          paidBroadcast,
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
          serviceToken: env.WECHATY_PUPPET_SERVICE_TOKEN || undefined,
          serviceEndpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT || undefined,
          // wechaty's community default, as wechaty-puppet-service itself falls back to.
          serviceAuthority: env.WECHATY_PUPPET_SERVICE_AUTHORITY || "api.chatie.io",
        }
      : undefined,
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.filter((p) => typeof p === "string").join(".");
      const name = ENV_NAMES[key] ?? key;
      // Never echo a token back, even a malformed one.
      const shown = /token|secret|DATABASE_URL/i.test(name)
        ? "(hidden)"
        : `\`${String(getPath(raw, issue.path))}\``;
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
    databaseUrl: c.databaseUrl ? redactUrl(c.databaseUrl) : undefined,
    telegram: c.telegram
      ? { ...c.telegram, token: "(set)", webhookSecret: c.telegram.webhookSecret ? "(set)" : undefined }
      : undefined,
    wechat: c.wechat ? { ...c.wechat, serviceToken: c.wechat.serviceToken ? "(set)" : undefined } : undefined,
  };
}

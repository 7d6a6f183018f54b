import path from "node:path";
import { z } from "zod";
import type { PlatformDescriptor } from "./core/ports/index.ts";
import { cronParser } from "./lazy-require.ts";
import { envNumber } from "./platforms/env.ts";
import { PLATFORMS } from "./platforms/registry.ts";
import { redactUrl } from "./store/postgres/url.ts";

/**
 * The defaults, valid by construction (tests/config checks them as any set value is checked): a
 * start that leaves them unset skips their checks, which cost a start ~25 ms (the first
 * Intl.DateTimeFormat with a timeZone loads ICU's time zone data; cron-parser loads luxon).
 */
export const DEFAULT_TZ = "Asia/Shanghai";
export const DEFAULT_PUSH_AT = "0 18 * * *";

/** Five or six cron fields (node-schedule accepts an optional leading seconds field). */
const CRON = /^\s*(\S+\s+){4,5}\S+\s*$/;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
/** Why cron-parser (which node-schedule runs on) refuses an expression, or undefined if it takes it. */
export function cronProblem(cron: string): string | undefined {
  try {
    cronParser().parseExpression(cron);
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
      if (cron === DEFAULT_PUSH_AT) return;
      const problem = cronProblem(cron);
      if (problem) ctx.addIssue({ code: "custom", message: `not a valid cron expression (${problem})` });
    });
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function list(v: string | undefined): string[] {
  return (v ?? "")
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const platformIds = PLATFORMS.map((p) => p.id);
const examples = PLATFORMS.filter((p) => !p.fallback).map((p) => `\`${p.exampleChatId}\``);

const NamespacedId = z
  .string()
  .refine(
    (s) => platformIds.includes(s.slice(0, s.indexOf(":"))) && /^[^:]+:\S+$/.test(s),
    `expected a platform and an id such as ${examples.join(" or ")}`,
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
  tz: z.string().refine((tz) => tz === DEFAULT_TZ || isTimeZone(tz), {
    message: "expected an IANA timezone such as `Asia/Shanghai`",
  }),
  pushAt: cronSchema(DEFAULT_PUSH_AT),
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
  /** A merchant dialogue with no answer for this long is closed politely. */
  dialogueIdleMinutes: z
    .number({ error: "expected a number of minutes" })
    .int("expected a whole number of minutes")
    .min(1, "expected at least 1 minute")
    .max(7 * 24 * 60, "expected at most a week (10080 minutes)"),
  /** Unset: `info`, or `warn` while the console chat is the only platform (logs would interleave). */
  logLevel: z.enum(LOG_LEVELS, `expected one of ${LOG_LEVELS.join(", ")}`).optional(),
  /**
   * The configured platforms' own config, by platform id, each parsed by its descriptor's schema.
   * Read one with `platformConfig(config, descriptor)`.
   */
  platforms: z.record(z.string(), z.unknown()),
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
  dialogueIdleMinutes: "PAPERBOY_DIALOGUE_IDLE_MINUTES",
  logLevel: "PAPERBOY_LOG_LEVEL",
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
};
for (const p of PLATFORMS)
  for (const v of p.env) if (v.field) ENV_NAMES[`platforms.${p.id}.${v.field}`] = v.name;
const SECRET_NAMES = new Set(PLATFORMS.flatMap((p) => p.env.filter((v) => v.secret).map((v) => v.name)));

/** The variable behind a field, or behind its nearest parent (`robots.name` comes from the robots variable). */
function envNameOf(key: string): string {
  for (let k = key; k; k = k.slice(0, Math.max(0, k.lastIndexOf(".")))) {
    const name = ENV_NAMES[k];
    if (name) return name;
  }
  return key;
}

/** Reads the environment once, validates it, and says exactly which variable is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const platforms: Record<string, unknown> = {};
  for (const p of PLATFORMS) {
    const raw = p.fromEnv(env);
    if (raw !== undefined) platforms[p.id] = raw;
  }
  const dataDir = path.resolve(env.PAPERBOY_DATA_DIR || "./data");
  const raw = {
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.PAPERBOY_DATABASE_SCHEMA || "public",
    tz: env.PAPERBOY_TZ || DEFAULT_TZ,
    pushAt: env.PAPERBOY_PUSH_AT || DEFAULT_PUSH_AT,
    catchUpMinutes: envNumber(env.PAPERBOY_CATCH_UP_MINUTES, 240),
    sectionGapSeconds: envNumber(env.PAPERBOY_SECTION_GAP_SECONDS, 0),
    startRetrySeconds: envNumber(env.PAPERBOY_START_RETRY_SECONDS, 90),
    locale: env.PAPERBOY_LOCALE || "zh-CN",
    admins: list(env.PAPERBOY_ADMINS),
    adminChat: env.PAPERBOY_ADMIN_CHAT || undefined,
    clubChats: list(env.PAPERBOY_CLUB_CHATS),
    imageBaseUrl: env.PAPERBOY_IMAGE_BASE_URL || undefined,
    desk: {
      enabled: !/^(0|false|no|off)$/i.test(env.PAPERBOY_DESK ?? ""),
      host: env.PAPERBOY_DESK_HOST || "127.0.0.1",
      port: envNumber(env.PAPERBOY_DESK_PORT, 8787),
      url: env.PAPERBOY_DESK_URL || undefined,
    },
    imageDir: path.resolve(env.PAPERBOY_IMAGE_DIR || path.join(dataDir, "images")),
    imageHosts: list(env.PAPERBOY_IMAGE_HOSTS),
    maxIssueBytes: envNumber(env.PAPERBOY_MAX_ISSUE_MB, 4) * 1024 * 1024,
    maxPartsPerChat: envNumber(env.PAPERBOY_MAX_PARTS_PER_CHAT, 60),
    storeLockStaleSeconds: envNumber(env.PAPERBOY_STORE_LOCK_STALE_SECONDS, 10),
    sourceUrl: env.PAPERBOY_SOURCE_URL || undefined,
    fetchAt: env.PAPERBOY_FETCH_AT || undefined,
    recheckMinutes: envNumber(env.PAPERBOY_RECHECK_MINUTES, 15),
    fetchTimeoutSeconds: envNumber(env.PAPERBOY_FETCH_TIMEOUT_SECONDS, 20),
    fetchMaxBytes: envNumber(env.PAPERBOY_FETCH_MAX_BYTES, 5 * 1024 * 1024),
    fetchRetries: envNumber(env.PAPERBOY_FETCH_RETRIES, 3),
    approval: (env.PAPERBOY_APPROVAL || "auto").toLowerCase(),
    dialogueIdleMinutes: envNumber(env.PAPERBOY_DIALOGUE_IDLE_MINUTES?.trim(), 30),
    logLevel: logLevelFromEnv(env),
    platforms,
  };
  const result = ConfigSchema.safeParse(raw);
  const issues = result.error?.issues.map((i) => ({ ...i, path: [...i.path] })) ?? [];
  const parsedPlatforms: Record<string, unknown> = {};
  for (const p of PLATFORMS) {
    if (!(p.id in platforms)) continue;
    const parsed = p.configSchema.safeParse(platforms[p.id]);
    if (parsed.success) parsedPlatforms[p.id] = parsed.data;
    else issues.push(...parsed.error.issues.map((i) => ({ ...i, path: ["platforms", p.id, ...i.path] })));
  }
  if (issues.length) {
    const lines = issues.map((issue) => {
      const key = issue.path.filter((p) => typeof p === "string").join(".");
      const name = envNameOf(key);
      // Never echo a secret back, even a malformed one.
      const shown =
        SECRET_NAMES.has(name) || /token|secret|key|DATABASE_URL/i.test(name)
          ? "(hidden)"
          : `\`${String(getPath(raw, issue.path))}\``;
      return `Expected \`${name}\` to be valid: ${issue.message}, got ${shown}`;
    });
    throw new ConfigError(lines.join("\n"));
  }
  return { ...(result.data as Config), platforms: parsedPlatforms };
}

function getPath(obj: unknown, p: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const k of p)
    cur = cur && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[k] : undefined;
  return cur;
}

/**
 * The log level as set, for the few places that log before (or without) a valid config: the logger's
 * default and the CLI's failure report. Still read here, the one place that reads the environment.
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.PAPERBOY_LOG_LEVEL?.trim().toLowerCase() || undefined;
}

/** A configured platform's own config, typed by its descriptor; undefined when it is not configured. */
export function platformConfig<C>(config: Config, platform: PlatformDescriptor<C>): C | undefined {
  return config.platforms[platform.id] as C | undefined;
}

/** The configured platforms (never the fallback: that one runs when this is empty). */
export function configuredPlatforms(config: Config): PlatformDescriptor[] {
  return PLATFORMS.filter((p) => p.id in config.platforms);
}

/** The config without secrets, for `doctor` and logs. */
export function describeConfig(c: Config): Record<string, unknown> {
  const platforms: Record<string, unknown> = {};
  for (const p of configuredPlatforms(c)) platforms[p.id] = p.redact(c.platforms[p.id]);
  return { ...c, databaseUrl: c.databaseUrl ? redactUrl(c.databaseUrl) : undefined, platforms };
}

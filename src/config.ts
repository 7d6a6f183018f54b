import path from "node:path";
import { z } from "zod";
import type { PlatformDescriptor } from "./core/ports/index.ts";
import { envNumber } from "./platforms/env.ts";
import { PLATFORMS } from "./platforms/registry.ts";

/** Five or six cron fields (node-schedule accepts an optional leading seconds field). */
const CRON = /^\s*(\S+\s+){4,5}\S+\s*$/;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

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
  dialogueIdleMinutes: "PAPERBOY_DIALOGUE_IDLE_MINUTES",
  logLevel: "PAPERBOY_LOG_LEVEL",
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
  const raw = {
    dataDir: path.resolve(env.PAPERBOY_DATA_DIR || "./data"),
    tz: env.PAPERBOY_TZ || "Asia/Shanghai",
    pushAt: env.PAPERBOY_PUSH_AT || "0 18 * * *",
    catchUpMinutes: envNumber(env.PAPERBOY_CATCH_UP_MINUTES, 240),
    sectionGapSeconds: envNumber(env.PAPERBOY_SECTION_GAP_SECONDS, 0),
    locale: env.PAPERBOY_LOCALE || "zh-CN",
    admins: list(env.PAPERBOY_ADMINS),
    adminChat: env.PAPERBOY_ADMIN_CHAT || undefined,
    clubChats: list(env.PAPERBOY_CLUB_CHATS),
    imageBaseUrl: env.PAPERBOY_IMAGE_BASE_URL || undefined,
    dialogueIdleMinutes: envNumber(env.PAPERBOY_DIALOGUE_IDLE_MINUTES?.trim(), 30),
    logLevel: env.PAPERBOY_LOG_LEVEL?.trim().toLowerCase() || undefined,
    platforms,
  };
  const issues = ConfigSchema.safeParse(raw).error?.issues.map((i) => ({ ...i, path: [...i.path] })) ?? [];
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
        SECRET_NAMES.has(name) || /token|secret|key/i.test(name)
          ? "(hidden)"
          : `\`${String(getPath(raw, issue.path))}\``;
      return `Expected \`${name}\` to be valid: ${issue.message}, got ${shown}`;
    });
    throw new ConfigError(lines.join("\n"));
  }
  return { ...(raw as Config), platforms: parsedPlatforms };
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
  return { ...c, platforms };
}

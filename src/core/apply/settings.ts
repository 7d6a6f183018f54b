import { z } from "zod";
import { ConfigError } from "../../config.ts";

/**
 * The feature's own knobs. Only the idle time comes from the environment
 * (`PAPERBOY_DIALOGUE_IDLE_MINUTES`, default 30); the abuse limits are fixed by the issue and
 * overridable in code for tests.
 */
export interface ApplySettings {
  /** A dialogue with no answer for this long is closed with a polite message by `sweep()`. */
  idleMinutes: number;
  /** More dialogue starts than this within `startWindowMs` earn a slow-down reply. */
  maxStartsPerWindow: number;
  startWindowMs: number;
  /** Longer messages are not read as answers or commands. */
  maxMessageChars: number;
  /** More messages than this per minute from one sender (answers, review commands) earn a slow-down reply. */
  maxMessagesPerMinute: number;
}

export const DEFAULT_SETTINGS: ApplySettings = {
  idleMinutes: 30,
  maxStartsPerWindow: 3,
  startWindowMs: 60 * 60 * 1000,
  maxMessageChars: 500,
  maxMessagesPerMinute: 20,
};

const IdleMinutes = z.coerce
  .number({ error: "expected a number of minutes" })
  .int("expected a whole number of minutes")
  .min(1, "expected at least 1 minute")
  .max(7 * 24 * 60, "expected at most a week (10080 minutes)");

/** A configuration error like the others: the CLI reports it in one line with exit code 2. */
export class ApplySettingsError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = "ApplySettingsError";
  }
}

/** Reads `PAPERBOY_DIALOGUE_IDLE_MINUTES` once; a bad value stops the start with a message naming it. */
export function readApplySettings(env: NodeJS.ProcessEnv = process.env): ApplySettings {
  const raw = env.PAPERBOY_DIALOGUE_IDLE_MINUTES;
  if (raw === undefined || raw.trim() === "") return { ...DEFAULT_SETTINGS };
  const parsed = IdleMinutes.safeParse(raw.trim());
  if (!parsed.success) {
    const why = parsed.error.issues[0]?.message ?? "invalid";
    throw new ApplySettingsError(
      `Expected \`PAPERBOY_DIALOGUE_IDLE_MINUTES\` to be valid: ${why}, got \`${raw}\``,
    );
  }
  return { ...DEFAULT_SETTINGS, idleMinutes: parsed.data };
}

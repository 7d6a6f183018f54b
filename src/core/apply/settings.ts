import type { Config } from "../../config.ts";

/**
 * The feature's own knobs. Only the idle time comes from the config
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

/** The settings under this config (the idle time is `PAPERBOY_DIALOGUE_IDLE_MINUTES`, read by src/config.ts). */
export function applySettings(config: Pick<Config, "dialogueIdleMinutes">): ApplySettings {
  return { ...DEFAULT_SETTINGS, idleMinutes: config.dialogueIdleMinutes };
}

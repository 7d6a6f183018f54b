import type { Config } from "../config.ts";
import type { Platform } from "../domain/chat.ts";
import type { Clock } from "./clock.ts";
import type { LimiterOptions } from "./limiter.ts";
import type { WindowRule } from "./window.ts";

/** Telegram's documented limits, used when the config does not say otherwise (Bot API FAQ). */
export const TELEGRAM_DEFAULTS = { globalPerSecond: 30, groupPerMinute: 20, chatPerSecond: 1 };

/** WeChat has no published limits; a few seconds between rooms keeps accounts out of trouble. */
export const WECHAT_DEFAULT_INTERVAL_MS = 3000;

/** Telegram group and channel ids are negative, private chats positive. */
export function isTelegramGroup(chatId: string): boolean {
  return /^(telegram:)?-/.test(chatId);
}

export function telegramLimits(t: Partial<typeof TELEGRAM_DEFAULTS> = {}): LimiterOptions {
  const perSecond = t.globalPerSecond ?? TELEGRAM_DEFAULTS.globalPerSecond;
  const perMinute = t.groupPerMinute ?? TELEGRAM_DEFAULTS.groupPerMinute;
  const chatPerSecond = t.chatPerSecond ?? TELEGRAM_DEFAULTS.chatPerSecond;
  // Fractional limits ("0.5 per second") become "1 per 2 seconds" so a window always holds whole sends.
  const rule = (perWindow: number, windowMs: number): WindowRule =>
    perWindow >= 1
      ? { limit: Math.floor(perWindow), windowMs }
      : { limit: 1, windowMs: Math.ceil(windowMs / perWindow) };
  const chatRules = [rule(chatPerSecond, 1000)];
  const groupRules = [rule(perMinute, 60_000), ...chatRules];
  return {
    global: [rule(perSecond, 1000)],
    perChat: (chatId) => (isTelegramGroup(chatId) ? groupRules : chatRules),
    // Spread the account's budget evenly: bursts of a whole window would queue inside the HTTP client
    // and arrive at the server bunched up. A little burst keeps timer granularity from costing throughput.
    pace: { intervalMs: 1000 / perSecond, burst: Math.max(1, Math.floor(perSecond / 20)) },
    // Enough for a tenth of a second's budget (at least 16, at most 128): the real API answers in
    // tens of milliseconds, and more requests in flight only add memory and queueing.
    maxInFlight: Math.min(1000, Math.max(16, Math.ceil(perSecond / 5))),
  };
}

export function wechatLimits(minIntervalMs: number = WECHAT_DEFAULT_INTERVAL_MS): LimiterOptions {
  return {
    global: [],
    perChat: () => [],
    // One send at a time per account, with up to half an interval of random extra wait.
    pace: { intervalMs: minIntervalMs, burst: 1, jitterMs: minIntervalMs / 2 },
    maxInFlight: 1,
  };
}

/** The limiter settings for one platform account, from the config. */
export function limitsFor(platform: Platform, config: Config, clock?: Clock): LimiterOptions {
  const base =
    platform === "telegram"
      ? telegramLimits(config.telegram)
      : platform === "wechat"
        ? wechatLimits(config.wechat?.minIntervalMs)
        : { global: [], perChat: () => [] };
  return clock ? { ...base, clock } : base;
}

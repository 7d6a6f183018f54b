/** The languages the bot speaks. Chinese is the default: most readers read Chinese. */
export type Locale = "zh-CN" | "en";

/** Maps a platform's language code (Telegram `language_code`, e.g. `en-US`, `zh-hans`) to ours. */
export function localeFromLanguageCode(code: string | undefined, fallback: Locale): Locale {
  if (!code) return fallback;
  const c = code.toLowerCase();
  if (c.startsWith("zh")) return "zh-CN";
  if (c.startsWith("en")) return "en";
  return fallback;
}

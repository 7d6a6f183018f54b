import type { Incoming } from "./ports/index.ts";

/** Longest text the router looks at; anything longer is chatter or abuse, not a command. */
export const MAX_TEXT = 2000;

export type ParsedText =
  /** `/cmd args` or `/cmd@ThisBot args`. */
  | { kind: "slash"; name: string; args: string; mentioned: boolean }
  /** `/cmd@OtherBot`: another bot's command; never ours to answer. */
  | { kind: "foreign" }
  /** Anything else: a keyword, dialogue input or chatter. */
  | { kind: "text"; text: string; mentioned: boolean };

/** Some chat apps write a mention as `@Name` followed by U+2005 (four-per-em space), anywhere in the text. */
const SPACED_LEADING_MENTION = /^\s*@[^\u2005@]{1,64}\u2005/;
const SPACED_TRAILING_MENTION = /\s*@[^\u2005@]{1,64}\u2005?\s*$/;
/** Chinese input methods type `、` for the `/` key, so `、today` is a slash command too. */
const IME_SLASH = /^、(?=[A-Za-z])/;
const SLASH = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The bot's @-mention patterns, built once per username (every message is parsed with them). */
const mentionPatterns = new Map<string, { leading: RegExp; trailing: RegExp }>();
function mentionsOf(botUsername: string): { leading: RegExp; trailing: RegExp } {
  let found = mentionPatterns.get(botUsername);
  if (!found) {
    const name = escapeRegExp(botUsername.replace(/^@/, ""));
    found = {
      leading: new RegExp(`^@${name}(?![A-Za-z0-9_])[\\s,:，：]*`, "i"),
      trailing: new RegExp(`\\s+@${name}$`, "i"),
    };
    mentionPatterns.set(botUsername, found);
  }
  return found;
}

/**
 * Cleans a message for routing: strips mentions of the bot, folds full-width characters (`／今日`,
 * `ＣＢ`, ideographic spaces) with NFKC, and recognises slash commands addressed to this bot.
 */
export function parseText(msg: Pick<Incoming, "text" | "mentionsBot" | "botUsername">): ParsedText {
  // Adapters send "" for messages without text; be forgiving of a missing one all the same.
  let text = String(msg.text ?? "").slice(0, MAX_TEXT);
  let mentioned = msg.mentionsBot;

  if (msg.mentionsBot) {
    // Several people may be mentioned before the bot (`@Alice @Bot 今日`): drop every leading mention.
    for (let i = 0; i < 5 && SPACED_LEADING_MENTION.test(text); i++)
      text = text.replace(SPACED_LEADING_MENTION, "");
    if (/\u2005\s*$/.test(text)) text = text.replace(SPACED_TRAILING_MENTION, "");
  }

  text = text.normalize("NFKC").trim().replace(IME_SLASH, "/");

  if (msg.botUsername) {
    const { leading, trailing } = mentionsOf(msg.botUsername);
    if (leading.test(text) || trailing.test(text)) {
      mentioned = true;
      text = text.replace(leading, "").replace(trailing, "").trim();
    }
  }

  const m = SLASH.exec(text);
  if (m) {
    const [, name = "", target, args = ""] = m;
    if (target !== undefined) {
      const ours =
        msg.botUsername && target.toLowerCase() === msg.botUsername.replace(/^@/, "").toLowerCase();
      if (!ours) return { kind: "foreign" };
      mentioned = true;
    }
    return { kind: "slash", name: name.toLowerCase(), args: args.trim(), mentioned };
  }
  return { kind: "text", text, mentioned };
}

/** Drops the punctuation people put after a keyword (`今日？`, `跨境。`) so it still matches. */
export function trimKeywordPunctuation(text: string): string {
  return text.replace(/[\s.!?~。！？～…]+$/u, "");
}

import type { Readable, Writable } from "node:stream";
import type { z } from "zod";
import type { ImagePolicy } from "../../images/index.ts";
import type { Logger } from "../../log.ts";
import type { PlatformAdapter } from "./adapter.ts";
import type { RateLimits } from "./rate-limits.ts";
import type { OutPart, Reply } from "./reply.ts";

/** One environment variable a platform reads (listed by `doctor`; secrets are never printed). */
export interface EnvVariable {
  name: string;
  /** Where the value lands in the platform's config (`token`), for error messages that name the variable. */
  field?: string;
  description: string;
  secret?: boolean;
}

/**
 * What a platform can do; the core asks these instead of asking which platform it is. A platform
 * without a capability gets the fallback (text instead of buttons, a friend request instead of a link).
 */
export interface PlatformCapabilities {
  /** Buttons under a message (callback and link buttons). */
  buttons: boolean;
  /** A message already sent can be edited. */
  edit: boolean;
  /** Readers can write to the bot (commands, keywords, the merchant dialogue). */
  inboundCommands: boolean;
  /** One-use invite links into a group (for approved applicants). */
  inviteLinks: boolean;
  /** A person can be added to a group directly (for approved applicants). */
  addToGroup: boolean;
  /** Several images can go out as one album. */
  mediaGroups: boolean;
  /**
   * How a reader in a group reaches the bot in private: a deep link the bot builds from its username,
   * a friend request to the bot's account, or not at all.
   */
  privateChat: "deep-link" | "add-friend" | "none";
}

/** One line of the doctor's report; `failCode` 2 = fix the configuration, 1 = something is down. */
export interface Finding {
  mark: "✔" | "✘" | "·" | "!";
  text: string;
  failCode?: 1 | 2;
}

/** What the app gives a platform's constructor besides the platform's own config. */
export interface PlatformContext {
  log: Logger;
  dataDir: string;
  /** Turns the site-relative image paths into URLs. */
  imageBaseUrl?: string;
  /** Where issue images may come from (the image folder, allowed hosts), at most `maxBytes` each. */
  images(maxBytes?: number): ImagePolicy;
  /** How long a start keeps retrying a platform it cannot reach (PAPERBOY_START_RETRY_SECONDS). */
  startRetrySeconds: number;
  /**
   * The paperboy admins' chats, namespaced (PAPERBOY_ADMINS, whose private chats these are, and
   * PAPERBOY_ADMIN_CHAT): where a platform with per-chat command menus shows the admin commands.
   */
  adminChats?: readonly string[];
  /** The terminal, for platforms that talk through it. */
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  /**
   * Where a platform keeps its login session when the state lives in a database (DATABASE_URL), so
   * a restart or a standby on another host logs in without a new scan. Absent with the file store:
   * the SDK keeps its session file in the data dir, beside the rest of the state.
   */
  sessions?: SessionKeeper;
}

/** A platform's saved login session, by name; `undefined` removes it. It holds secrets: never log it. */
export interface SessionKeeper {
  load(name: string): Promise<Record<string, unknown> | undefined>;
  save(name: string, session: Record<string, unknown> | undefined): Promise<void>;
}

/** A chat a platform knows from its configuration alone (a webhook robot has no "bot was added" event). */
export interface ConfiguredChat {
  chatId: string;
  title: string;
  kind: "group" | "private" | "channel";
}

/**
 * Everything paperboy knows about one platform, in one place: adding a platform is one folder with
 * one of these plus one line in `src/platforms/registry.ts`. `C` is the platform's parsed config.
 */
export interface PlatformDescriptor<C = unknown> {
  /** The namespace of its chat ids (`<id>:<raw id>`) and its name in config and CLI options. */
  readonly id: string;
  /** Its name for people ("Telegram"). */
  readonly title: string;
  /** An example chat id for help texts and error messages. */
  readonly exampleChatId: string;
  readonly env: readonly EnvVariable[];
  /**
   * The raw config from the environment (src/config.ts calls this; nothing else reads env), or
   * undefined when the platform is not configured.
   */
  fromEnv(env: Readonly<Record<string, string | undefined>>): unknown;
  readonly configSchema: z.ZodType<C>;
  /** Runs when no platform is configured (the console chat), or when asked for with `--<id>`. */
  readonly fallback?: boolean;
  /** The sender id of the person at the bot's own terminal (a fallback's operator: the demo's admin). */
  readonly localOperatorId?: string;
  readonly capabilities: PlatformCapabilities;
  /** The account's sending limits under this config (or the documented defaults without one). */
  limits(config?: C): RateLimits;
  /** Whether a chat (raw id, without the namespace) is a group or channel rather than a private chat. */
  isGroup(rawChatId: string): boolean;
  /** The platform's renderer: a reply as this platform's parts, within its limits. */
  render(reply: Reply): OutPart[];
  /**
   * How the editor's desk previews this platform's messages: the markup of its text parts and the
   * most characters one message holds. A platform without it (the console) is not previewed.
   */
  readonly preview?: { markup: "html" | "markdown" | "text"; maxChars: number };
  create(config: C, ctx: PlatformContext): Promise<PlatformAdapter>;
  /** One line for `doctor`, never showing a secret. */
  describe(config: C): string;
  /** `doctor`'s real checks (the token accepted, the service reachable); `describe` stands in without them. */
  check?(config: C, ctx: { dataDir: string }): Promise<Finding[]>;
  /** The config with secrets replaced, for logs and `doctor`. */
  redact(config: C): Record<string, unknown>;
  /** A link that opens a private chat with the bot and sends `payload` (capability `privateChat: "deep-link"`). */
  deepLink?(botUsername: string, payload: string): string;
  /** Chats this config names by itself (webhook robots); recorded in the store at start. */
  configuredChats?(config: C): ConfiguredChat[];
}

/** What the core may ask about the running platforms without naming one. */
export interface PlatformDirectory {
  /** Known platform ids. */
  ids(): readonly string[];
  title(platform: string): string;
  capabilities(platform: string): PlatformCapabilities | undefined;
  /** Whether a namespaced chat id is a group, by its platform's rule. */
  isGroup(chatId: string): boolean;
  /** A link that opens a private chat with the bot, on platforms that have one. */
  deepLink(platform: string, botUsername: string, payload: string): string | undefined;
  /** An example chat id for each platform, for help texts. */
  exampleChatIds(): readonly string[];
}

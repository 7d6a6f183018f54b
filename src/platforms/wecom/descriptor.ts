import { z } from "zod";
import type { PlatformDescriptor, RateLimits } from "../../core/ports/index.ts";
import { renderWecom, WECOM_MARKDOWN_BYTES } from "./render.ts";

/** One group robot: the group's name as the operator wrote it, and its webhook key (a secret). */
const Robot = z.object({
  name: z.string().min(1, "expected `<group name>:<key>`"),
  key: z
    .string()
    .regex(/^[\w-]{8,}$/, "expected `<group name>:<key>` with the key from the robot's webhook URL"),
});

const WecomConfig = z.object({
  robots: z
    .array(Robot)
    .min(1, "expected at least one `<group name>:<key>`")
    .refine((r) => new Set(r.map((x) => x.name)).size === r.length, "expected each group name once"),
  apiRoot: z.string().url(),
});
export type WecomConfig = z.infer<typeof WecomConfig>;

/** The documented limit: 20 messages per minute per robot. */
export const WECOM_PER_MINUTE = 20;

export const WECOM_LIMITS: RateLimits = {
  global: [],
  perChat: () => [{ limit: WECOM_PER_MINUTE, windowMs: 60_000 }],
  maxInFlight: 4,
};

/**
 * `name:key,name:key`. A name may hold a colon (the key never does: it is the last colon that
 * separates them); names are trimmed, empty entries ignored.
 */
export function parseRobots(value: string): { name: string; key: string }[] {
  return value
    .split(/[,，]/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const i = entry.lastIndexOf(":");
      return i < 0
        ? { name: "", key: entry }
        : { name: entry.slice(0, i).trim(), key: entry.slice(i + 1).trim() };
    });
}

/** A robot's chat id: named by its group, never by its key (ids reach logs, the store and reports). */
export function robotChatId(name: string): string {
  return `wecom:${name}`;
}

/** WeCom (企业微信) group robots: push-only webhooks, one per group. */
export const wecom: PlatformDescriptor<WecomConfig> = {
  id: "wecom",
  title: "WeCom",
  exampleChatId: "wecom:<group name>",
  env: [
    {
      name: "WECOM_WEBHOOK_KEYS",
      field: "robots",
      description: "group robots as `<group name>:<key>,…` (turns WeCom on)",
      secret: true,
    },
    {
      name: "WECOM_API_ROOT",
      field: "apiRoot",
      description: "webhook API root (default https://qyapi.weixin.qq.com)",
    },
  ],
  fromEnv(env) {
    if (!env.WECOM_WEBHOOK_KEYS?.trim()) return undefined;
    return {
      robots: parseRobots(env.WECOM_WEBHOOK_KEYS),
      apiRoot: env.WECOM_API_ROOT || "https://qyapi.weixin.qq.com",
    };
  },
  configSchema: WecomConfig,
  capabilities: {
    buttons: false,
    edit: false,
    inboundCommands: false,
    inviteLinks: false,
    addToGroup: false,
    mediaGroups: false,
    privateChat: "none",
  },
  limits: () => WECOM_LIMITS,
  // A robot lives in a group; there are no private chats.
  isGroup: () => true,
  render: renderWecom,
  // The limit is 4096 UTF-8 bytes; a Chinese character takes three.
  preview: { markup: "markdown", maxChars: Math.floor(WECOM_MARKDOWN_BYTES / 3) },
  async create(config, ctx) {
    const { createWecomAdapter } = await import("./adapter.ts");
    return createWecomAdapter({
      robots: config.robots,
      apiRoot: config.apiRoot,
      dataDir: ctx.dataDir,
      imageBaseUrl: ctx.imageBaseUrl,
      images: ctx.images(2 * 1024 * 1024),
      log: ctx.log.child({ platform: "wecom" }),
    });
  },
  describe: (config) =>
    `${config.robots.length} group robot(s): ${config.robots.map((r) => r.name).join(", ")} (API root ${new URL(config.apiRoot).origin}; keys hidden)`,
  redact: (config) => ({
    apiRoot: config.apiRoot,
    robots: config.robots.map((r) => ({ name: r.name, key: "(set)" })),
  }),
  configuredChats: (config) =>
    config.robots.map((r) => ({ chatId: robotChatId(r.name), title: r.name, kind: "group" as const })),
};

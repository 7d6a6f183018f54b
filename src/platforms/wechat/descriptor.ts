import { z } from "zod";
import type { PlatformDescriptor, RateLimits } from "../../core/ports/index.ts";
import { envNumber } from "../env.ts";
import { renderWechat, WECHAT_TEXT_LIMIT } from "./render.ts";

const WechatConfig = z.object({
  puppet: z.string().min(1),
  minIntervalMs: z.number().int().min(0),
  acceptFriends: z.boolean(),
  friendKeyword: z.string().optional(),
  /** wechaty-puppet-service's own variables, read here too so paperboy can check and resolve them. */
  serviceToken: z.string().min(1).optional(),
  serviceEndpoint: z.string().min(1).optional(),
  serviceAuthority: z.string().min(1),
});
export type WechatConfig = z.infer<typeof WechatConfig>;

/** WeChat has no published limits; a few seconds between rooms keeps accounts out of trouble. */
export const WECHAT_DEFAULT_INTERVAL_MS = 3000;

export function wechatLimits(minIntervalMs: number = WECHAT_DEFAULT_INTERVAL_MS): RateLimits {
  return {
    global: [],
    perChat: () => [],
    // One send at a time per account, with up to half an interval of random extra wait.
    pace: { intervalMs: minIntervalMs, burst: 1, jitterMs: minIntervalMs / 2 },
    maxInFlight: 1,
  };
}

export const wechat: PlatformDescriptor<WechatConfig> = {
  id: "wechat",
  title: "WeChat",
  exampleChatId: "wechat:123@chatroom",
  env: [
    { name: "WECHATY_PUPPET", field: "puppet", description: "the wechaty puppet package (turns WeChat on)" },
    {
      name: "WECHATY_PUPPET_SERVICE_TOKEN",
      field: "serviceToken",
      description: "the puppet service token",
      secret: true,
    },
    {
      name: "WECHATY_PUPPET_SERVICE_ENDPOINT",
      field: "serviceEndpoint",
      description: "the puppet service endpoint",
    },
    {
      name: "WECHATY_PUPPET_SERVICE_AUTHORITY",
      field: "serviceAuthority",
      description: "where a token's endpoint is looked up (api.chatie.io)",
    },
    { name: "WECHAT_MIN_INTERVAL_MS", field: "minIntervalMs", description: "pause between two sends (3000)" },
    { name: "WECHAT_ACCEPT_FRIENDS", field: "acceptFriends", description: "accept friend requests (on)" },
    {
      name: "WECHAT_FRIEND_KEYWORD",
      field: "friendKeyword",
      description: "accept only requests saying this",
    },
  ],
  fromEnv(env) {
    if (!env.WECHATY_PUPPET) return undefined;
    return {
      puppet: env.WECHATY_PUPPET,
      minIntervalMs: envNumber(env.WECHAT_MIN_INTERVAL_MS, WECHAT_DEFAULT_INTERVAL_MS),
      acceptFriends: !/^(0|false|no|off)$/i.test(env.WECHAT_ACCEPT_FRIENDS ?? ""),
      friendKeyword: env.WECHAT_FRIEND_KEYWORD || undefined,
      serviceToken: env.WECHATY_PUPPET_SERVICE_TOKEN || undefined,
      serviceEndpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT || undefined,
      // wechaty's community default, as wechaty-puppet-service itself falls back to.
      serviceAuthority: env.WECHATY_PUPPET_SERVICE_AUTHORITY || "api.chatie.io",
    };
  },
  configSchema: WechatConfig,
  capabilities: {
    buttons: false,
    edit: false,
    inboundCommands: true,
    inviteLinks: false,
    addToGroup: true,
    mediaGroups: false,
    privateChat: "add-friend",
  },
  limits: (config) => wechatLimits(config?.minIntervalMs),
  // Rooms end in @chatroom; everything else is a contact (a private chat).
  isGroup: (raw) => raw.endsWith("@chatroom"),
  render: (reply) => renderWechat(reply),
  preview: { markup: "text", maxChars: WECHAT_TEXT_LIMIT },
  async create(config, ctx) {
    const { createWechatAdapter } = await import("./index.ts");
    const { resolvePuppetEndpoint } = await import("./puppet-service.ts");
    const endpoint = await resolvePuppetEndpoint(config, ctx.log, ctx.startRetrySeconds);
    return createWechatAdapter({
      puppet: config.puppet,
      ...(endpoint ? { puppetOptions: { endpoint } } : {}),
      dataDir: ctx.dataDir,
      sessions: ctx.sessions,
      imageBaseUrl: ctx.imageBaseUrl,
      images: ctx.images(),
      minIntervalMs: config.minIntervalMs,
      acceptFriends: config.acceptFriends,
      friendKeyword: config.friendKeyword,
      log: ctx.log.child({ platform: "wechat" }),
    });
  },
  async check(config, ctx) {
    const { checkWechat } = await import("../checks.ts");
    return checkWechat(config, ctx.dataDir);
  },
  describe: (config) =>
    `WECHATY_PUPPET=${config.puppet}${config.serviceToken ? ", puppet service token is set" : ""}`,
  redact: (config) => ({ ...config, serviceToken: config.serviceToken ? "(set)" : undefined }),
};

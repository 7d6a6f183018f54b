import { z } from "zod";
import type { PlatformDescriptor, RateLimits } from "../../core/ports/index.ts";
import { envNumber } from "../env.ts";
import { renderWechat } from "./render.ts";

const WechatConfig = z.object({
  puppet: z.string().min(1),
  minIntervalMs: z.number().int().min(0),
  acceptFriends: z.boolean(),
  friendKeyword: z.string().optional(),
  /** Whether a puppet service token is set (wechaty reads the token itself; we only say so). */
  serviceTokenSet: z.boolean(),
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
      description: "the puppet service token (read by wechaty)",
      secret: true,
    },
    { name: "WECHATY_PUPPET_SERVICE_ENDPOINT", description: "the puppet service endpoint (read by wechaty)" },
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
      serviceTokenSet: Boolean(env.WECHATY_PUPPET_SERVICE_TOKEN),
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
  async create(config, ctx) {
    const { createWechatAdapter } = await import("./index.ts");
    return createWechatAdapter({
      puppet: config.puppet,
      dataDir: ctx.dataDir,
      imageBaseUrl: ctx.imageBaseUrl,
      minIntervalMs: config.minIntervalMs,
      acceptFriends: config.acceptFriends,
      friendKeyword: config.friendKeyword,
      log: ctx.log.child({ platform: "wechat" }),
    });
  },
  describe: (config) =>
    `WECHATY_PUPPET=${config.puppet}${config.serviceTokenSet ? ", puppet service token is set" : ""}`,
  redact: (config) => ({ ...config }),
};

import { z } from "zod";

export const Platform = z.enum(["telegram", "wechat", "console"]);
export type Platform = z.infer<typeof Platform>;

export const ChatKind = z.enum(["group", "private", "channel"]);
export type ChatKind = z.infer<typeof ChatKind>;

/** A chat id namespaced by platform (`telegram:-100123`, `wechat:R123@chatroom`) before it reaches the store. */
export type ChatId = `${Platform}:${string}`;

export function chatId(platform: Platform, raw: string | number): ChatId {
  return `${platform}:${raw}`;
}

/** Splits a namespaced id back into its platform and the platform's own id. */
export function parseChatId(id: string): { platform: Platform; raw: string } {
  const i = id.indexOf(":");
  const platform = Platform.parse(id.slice(0, i));
  return { platform, raw: id.slice(i + 1) };
}

export const ChatState = z.enum(["active", "inactive", "paused"]);
export type ChatState = z.infer<typeof ChatState>;

export const Chat = z.object({
  id: z.string().regex(/^(telegram|wechat|console):.+$/),
  platform: Platform,
  kind: ChatKind,
  /** Human-readable name (group title / room topic), kept for people, never used as a key. */
  title: z.string().default(""),
  /** active: receives pushes when subscribed; inactive: the bot was removed/kicked/blocked; paused by an admin. */
  state: ChatState.default("active"),
  subscribed: z.boolean().default(true),
  /** Section keys this chat receives; "all" for every section of the issue. */
  sections: z.union([z.literal("all"), z.array(z.string())]).default("all"),
  locale: z.enum(["zh-CN", "en"]).optional(),
  /** Set when a Telegram group became a supergroup: the chat lives on under this id. */
  migratedTo: z.string().optional(),
  inactiveReason: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Chat = z.infer<typeof Chat>;

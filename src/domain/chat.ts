import { z } from "zod";

/** A platform id (the namespace of its chat ids); src/platforms/registry.ts lists the known ones. */
const PLATFORM_ID = /^[a-z][a-z0-9]*$/;
export const Platform = z.string().regex(PLATFORM_ID, "expected a platform id such as `abc`");
export type Platform = z.infer<typeof Platform>;

export const ChatKind = z.enum(["group", "private", "channel"]);
export type ChatKind = z.infer<typeof ChatKind>;

/** A chat id namespaced by platform (`<platform>:<the platform's own id>`) before it reaches the store. */
export type ChatId = `${Platform}:${string}`;

export function chatId(platform: Platform, raw: string | number): ChatId {
  return `${platform}:${raw}`;
}

/** Splits a namespaced id back into its platform and the platform's own id. */
export function parseChatId(id: string): { platform: Platform; raw: string } {
  const i = id.indexOf(":");
  const head = id.slice(0, i);
  // The plain check first: every reply and send asks this; zod only to word the refusal.
  const platform = PLATFORM_ID.test(head) ? head : Platform.parse(head);
  return { platform, raw: id.slice(i + 1) };
}

export const ChatState = z.enum(["active", "inactive", "paused"]);
export type ChatState = z.infer<typeof ChatState>;

export const Chat = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9]*:.+$/),
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
    /** Set when a group moved to a new id on its platform: the chat lives on under this id. */
    migratedTo: z.string().optional(),
    inactiveReason: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  // The id's namespace is the platform: a record saying otherwise was not written by paperboy.
  .superRefine((c, ctx) => {
    if (!c.id.startsWith(`${c.platform}:`))
      ctx.addIssue({
        code: "custom",
        path: ["platform"],
        message: `${c.id} does not belong to platform ${c.platform}`,
      });
  });
export type Chat = z.infer<typeof Chat>;

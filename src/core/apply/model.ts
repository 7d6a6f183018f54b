import { z } from "zod";
import { Platform } from "../../domain/chat.ts";

/**
 * The shapes the application feature keeps in the store. Every record read back is parsed with
 * these schemas: the data file outlives the code that wrote it, and a hand-edited or older record
 * must never crash the bot.
 */

export const LocaleSchema = z.enum(["zh-CN", "en"]);

/** Where the merchant sells. `other` is the only platform whose shop link may be skipped. */
export const ShopPlatform = z.enum(["tmall", "taobao", "jd", "pinduoduo", "amazon", "other"]);
export type ShopPlatform = z.infer<typeof ShopPlatform>;
export const SHOP_PLATFORMS = ShopPlatform.options;

export const Contact = z.object({ kind: z.enum(["phone", "wechat"]), value: z.string() });
export type Contact = z.infer<typeof Contact>;

/** The six questions, in the order they are asked; `edit N` counts from 1 in this order. */
export const STEPS = ["shopName", "platform", "shopLink", "category", "contactName", "contact"] as const;
export type Step = (typeof STEPS)[number];

/** The answers given so far. `shopLink: null` records an explicit skip (allowed for `other` only). */
export const Draft = z.object({
  shopName: z.string().optional(),
  platform: ShopPlatform.optional(),
  shopLink: z.string().nullable().optional(),
  category: z.string().optional(),
  contactName: z.string().optional(),
  contact: Contact.optional(),
});
export type Draft = z.infer<typeof Draft>;

export const DIALOGUES = "dialogues";

/** One open dialogue, keyed by the applicant's namespaced sender id. */
export const DialogueRecord = z.object({
  id: z.string(),
  /** The private chat the dialogue runs in (where replies and the expiry notice go). */
  chatId: z.string(),
  platform: Platform,
  senderName: z.string().optional(),
  locale: LocaleSchema,
  /** The question being asked, or `confirm` while the summary is shown. */
  step: z.enum([...STEPS, "confirm"]),
  draft: Draft,
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type DialogueRecord = z.infer<typeof DialogueRecord>;

export const APPLICATIONS = "applications";

export const ApplicationStatus = z.enum(["pending", "approved", "rejected", "withdrawn"]);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** How an approved applicant was brought into the club. */
export const InviteOutcome = z.enum(["link", "room", "manual", "failed"]);

export const ApplicationRecord = z.object({
  /** A short increasing number as text (`12`): what admins type in `/approve 12`. */
  id: z.string().regex(/^\d+$/),
  status: ApplicationStatus,
  /** Namespaced sender id of the applicant; `forgotten` once they asked to be forgotten. */
  applicantId: z.string(),
  /** The private chat to tell the applicant the outcome in; empty once forgotten. */
  chatId: z.string(),
  platform: Platform,
  applicantName: z.string().optional(),
  locale: LocaleSchema,
  shopName: z.string(),
  shopPlatform: ShopPlatform,
  shopLink: z.string().nullable(),
  category: z.string(),
  /** Personal data: removed by /forget; never shown in a group, never logged in clear. */
  contactName: z.string().optional(),
  contact: Contact.optional(),
  createdAt: z.string(),
  reviewedAt: z.string().optional(),
  reviewedBy: z.string().optional(),
  rejectReason: z.string().optional(),
  invite: InviteOutcome.optional(),
  forgottenAt: z.string().optional(),
});
export type ApplicationRecord = z.infer<typeof ApplicationRecord>;

/** The applicant id left behind in a record whose personal data was deleted. */
export const FORGOTTEN = "forgotten";

export const STARTS = "applicationStarts";

/** When a sender started dialogues lately, for the "too many per hour" brake (survives restarts). */
export const StartsRecord = z.object({ id: z.string(), at: z.array(z.string()) });
export type StartsRecord = z.infer<typeof StartsRecord>;

export const COUNTERS = "counters";
export const CounterRecord = z.object({ id: z.string(), value: z.number().int().min(0) });
export type CounterRecord = z.infer<typeof CounterRecord>;

import type { Config } from "../config.ts";
import type { Incoming } from "./ports/index.ts";
import type { Place } from "./types.ts";

/** A paperboy admin: listed in PAPERBOY_ADMINS, or writing in the admin chat. Checked on every call. */
export function isPaperboyAdmin(msg: Pick<Incoming, "senderId" | "chatId">, config: Config): boolean {
  return config.admins.includes(msg.senderId) || (!!config.adminChat && msg.chatId === config.adminChat);
}

/** Where a message was written, as a command's `where` names it. */
export function placeOf(msg: Pick<Incoming, "chatId" | "chatKind">, config: Config): Place {
  if (msg.chatKind === "private") return "private";
  return config.adminChat && msg.chatId === config.adminChat ? "admin-chat" : "group";
}

/** Whether a command declared for `where` may be used in `place`: the admin chat is a group too. */
export function allowedIn(where: readonly Place[], place: Place): boolean {
  return where.includes(place) || (place === "admin-chat" && where.includes("group"));
}

/** An admin listed by id in PAPERBOY_ADMINS (writing in the admin chat is not enough). */
export function isListedAdmin(msg: Pick<Incoming, "senderId">, config: Config): boolean {
  return config.admins.includes(msg.senderId);
}

/**
 * Who may change a chat's subscription and language: anyone in their own private chat; in a group,
 * the group's admins/owner as the platform reports them, or a paperboy admin listed by id. (Writing
 * in the admin chat does not make someone an admin of another group.)
 */
export async function mayManageChat(msg: Incoming, config: Config): Promise<boolean> {
  if (msg.chatKind === "private") return true;
  if (config.admins.includes(msg.senderId)) return true;
  try {
    return (await msg.isChatAdmin?.()) === true;
  } catch {
    // The platform could not tell (network, permissions): refuse rather than guess.
    return false;
  }
}

/**
 * The one rule for who is told as admin (job reports, approval previews, reminders, fetch failures):
 * the admin chat when there is one; else the admin who asked, when one did; else every admin listed
 * in PAPERBOY_ADMINS, privately. Never `except`, a chat its caller has already answered. (A new
 * merchant application is the one notice that goes to the admins and the admin chat both, masked in
 * the chat: see core/apply/review.ts.)
 */
export function adminTargets(config: Config, opts: { replyTo?: string; except?: string } = {}): string[] {
  const targets = config.adminChat ? [config.adminChat] : opts.replyTo ? [opts.replyTo] : config.admins;
  return targets.filter((t) => t !== opts.except);
}

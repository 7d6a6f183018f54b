import type { Config } from "../config.ts";
import type { Incoming } from "./ports/index.ts";

/** A paperboy admin: listed in PAPERBOY_ADMINS, or writing in the admin chat. Checked on every call. */
export function isPaperboyAdmin(msg: Pick<Incoming, "senderId" | "chatId">, config: Config): boolean {
  return config.admins.includes(msg.senderId) || (!!config.adminChat && msg.chatId === config.adminChat);
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

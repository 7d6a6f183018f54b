import { appendAudit } from "../core/audit.ts";
import { isPaperboyAdmin } from "../core/permissions.ts";
import type { Incoming, Reply } from "../core/ports/index.ts";
import { parseChatId } from "../domain/chat.ts";
import { renderConsole } from "../platforms/console/render.ts";
import type { Session } from "./auth.ts";
import type { DeskDeps } from "./deps.ts";

/**
 * A desk action written as the chat command an admin would send (`/pause telegram:-100123`,
 * `/approve 12`, `/push 2018-01-08`), run through the core router as a private message from the
 * signed-in admin: the same admin check on every call, the same audit record under their id, the
 * same services. Where the report of a push goes (the admin's private chat) follows from that too.
 * Answers the replies as plain text, for the page to show.
 */
export async function runAsAdmin(deps: DeskDeps, session: Session, line: string): Promise<string> {
  const msg: Incoming = {
    platform: parseChatId(session.admin).platform,
    chatId: session.admin,
    chatKind: "private",
    senderId: session.admin,
    senderName: "desk",
    text: line,
    mentionsBot: true,
    languageCode: session.locale === "en" ? "en" : "zh",
  };
  const replies: Reply[] = await deps.router.handle(msg);
  return replies
    .map((r) => renderConsole({ ...r, buttons: undefined, locale: session.locale }))
    .join("\n\n")
    .trim();
}

/** Whether the signed-in admin is still an admin (PAPERBOY_ADMINS is read on every call). */
export function stillAdmin(deps: DeskDeps, session: Session): boolean {
  return isPaperboyAdmin({ senderId: session.admin, chatId: session.admin }, deps.config);
}

/**
 * For desk actions that have no chat command of their own (subscribing a chat the admin is not
 * in, choosing its sections): audited like a command, under the signed-in admin.
 */
export async function auditDesk(
  deps: DeskDeps,
  session: Session,
  what: string,
  allowed: boolean,
  outcome: string,
): Promise<void> {
  await appendAudit(deps.store, {
    at: (deps.now?.() ?? new Date()).toISOString(),
    who: session.admin,
    senderName: "desk",
    chatId: "desk",
    what,
    allowed,
    outcome,
  });
}

import type { Incoming } from "../../core/ports/index.ts";

/** The one console chat: a private conversation with the operator. */
export const CONSOLE_CHAT_ID = "console:local";
export const CONSOLE_USER_ID = "console:operator";

/** A typed line becomes a private message; blank lines are ignored. */
export function decodeLine(line: string): Incoming | undefined {
  const text = line.trim();
  if (!text) return undefined;
  return {
    platform: "console",
    chatId: CONSOLE_CHAT_ID,
    chatKind: "private",
    senderId: CONSOLE_USER_ID,
    senderName: "operator",
    text,
    mentionsBot: true,
    localOperator: true,
  };
}

import type { Contact } from "./model.ts";

/**
 * Masks personal data for logs and for places where it must be recognisable but not readable:
 * `138****5678`, `wx****ab`, `王*`. A log line may say whose application moved, never who they are.
 */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : "****";
}

export function maskWechatId(id: string): string {
  return id.length >= 6 ? `${id.slice(0, 2)}****${id.slice(-2)}` : "****";
}

export function maskName(name: string): string {
  const first = [...name][0];
  return first ? `${first}*` : "*";
}

export function maskContact(contact: Contact | undefined): string | undefined {
  if (!contact) return undefined;
  return contact.kind === "phone" ? maskPhone(contact.value) : maskWechatId(contact.value);
}

/** A sender's namespaced id with its personal part masked: a handle (`wxid_abcdef`) is, a bare number is not. */
export function maskSender(senderId: string): string {
  const i = senderId.indexOf(":");
  if (i < 0) return maskWechatId(senderId);
  const raw = senderId.slice(i + 1);
  // Numeric user ids are not personal data on their own, but a handle is the person's name for themselves.
  return /^-?\d+$/.test(raw) ? senderId : `${senderId.slice(0, i)}:${maskWechatId(raw)}`;
}

/**
 * An error as a log field without the personal data platforms put in messages ("contact wxid_… not
 * found"): every id given is replaced by its mask; of the stack only the frames are kept (its first
 * line repeats the message).
 */
export function safeError(err: unknown, ...ids: string[]): { type: string; message: string; stack?: string } {
  const type = err instanceof Error ? err.name : typeof err;
  let message = err instanceof Error ? err.message : String(err);
  for (const id of ids) {
    if (!id) continue;
    const raw = id.slice(id.indexOf(":") + 1);
    message = message.split(id).join(maskSender(id));
    if (raw.length >= 4) message = message.split(raw).join(maskWechatId(raw));
  }
  const frames = err instanceof Error ? err.stack?.split("\n").slice(1, 8).join("\n") : undefined;
  return { type, message: message.slice(0, 300), ...(frames ? { stack: frames } : {}) };
}

import type { z } from "zod";
import { Chat } from "../domain/chat.ts";
import { StoreError } from "./store.ts";

/**
 * Checks a value against its schema before it is stored, so a bad record is refused at the call
 * (a StoreError naming the fields) instead of being written and making the whole file unreadable.
 */
export function checkRecord<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const faults = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(".") || what}: ${i.message}`);
  throw new StoreError(`not a valid ${what}: ${faults.join("; ")}`);
}

/** A chat as the stores keep it: schema-valid, and its id namespaced by its own platform. */
export function checkChat(value: unknown): Chat {
  const chat = checkRecord(Chat, value, "chat");
  if (!chat.id.startsWith(`${chat.platform}:`)) {
    throw new StoreError(`not a valid chat: id ${chat.id} does not belong to platform ${chat.platform}`);
  }
  return chat;
}

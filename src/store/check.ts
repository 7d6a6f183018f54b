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

/**
 * A collection record's id: a non-empty string, and the one it is stored under when `expected` is
 * given (an `update` must not move a record to another id behind the caller's back).
 */
export function checkRecordId(record: unknown, expected?: string): string {
  const id = (record as { id?: unknown } | null)?.id;
  if (typeof id !== "string" || id === "") throw new StoreError("a record needs a non-empty string `id`");
  if (expected !== undefined && id !== expected) {
    throw new StoreError(`a record stored as ${expected} must keep that id, got ${id}`);
  }
  return id;
}

/**
 * The chat an upsert produces: defaults, then the stored record, then the fields given (an
 * `undefined` field leaves the stored value alone). A chat that becomes active again forgets why
 * it was inactive. Shared by every Store so they merge alike.
 */
export function mergeChat(
  prev: Chat | undefined,
  patch: Partial<Chat> & Pick<Chat, "id" | "platform" | "kind">,
  now: string,
): Chat {
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Chat>;
  const merged = {
    title: "",
    state: "active" as const,
    subscribed: true,
    sections: "all" as const,
    ...prev,
    ...given,
    id: patch.id,
    platform: patch.platform,
    kind: patch.kind,
    createdAt: prev?.createdAt ?? now,
    updatedAt: now,
  };
  if (merged.state === "active" && patch.inactiveReason === undefined) delete merged.inactiveReason;
  return checkChat(merged);
}

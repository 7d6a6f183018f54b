import { randomUUID } from "node:crypto";
import type { Store } from "../store/store.ts";

/** One admin action, allowed or refused, as kept in the store's `audit` collection. */
export interface AuditRecord {
  id: string;
  /** ISO timestamp. */
  at: string;
  /** Namespaced sender id (`telegram:42`). */
  who: string;
  senderName?: string;
  chatId: string;
  /** The command and its arguments as understood (`push 2018-01-08`), cut to a sane length. */
  what: string;
  allowed: boolean;
  /** What came of it (`paused telegram:-100123`, `not an admin`). */
  outcome?: string;
}

export const AUDIT_COLLECTION = "audit";

let sequence = 0;

/**
 * Appends to the audit log. Ids sort by time, then by order within this process (two actions in the
 * same millisecond), so a sorted listing reads in order; the random tail keeps processes apart.
 */
export async function appendAudit(store: Store, record: Omit<AuditRecord, "id">): Promise<AuditRecord> {
  const full: AuditRecord = {
    ...record,
    what: record.what.slice(0, 200),
    id: `${record.at}-${String(++sequence % 1e6).padStart(6, "0")}-${randomUUID().slice(0, 8)}`,
  };
  await store.collection<AuditRecord>(AUDIT_COLLECTION).put(full);
  return full;
}

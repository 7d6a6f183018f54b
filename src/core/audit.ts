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
  /** On a collapsed refusal: how many times this sender was refused this command in a row. */
  repeated?: number;
}

export const AUDIT_COLLECTION = "audit";

let sequence = 0;

/** Refusals from one sender of one command within this window are collapsed (see appendAudit). */
const REPEAT_WINDOW_MS = 10 * 60_000;
const repeats = new WeakMap<Store, Map<string, { key: string; lastAt: number; count: number }>>();

/**
 * Whether a refusal is a repeat that need not be written: the same sender refused the same command
 * within the window. Only the 1st, 10th, 100th… repeat is written (with `repeated`), so someone
 * hammering an admin command leaves a handful of lines, not one per message.
 */
function collapse(store: Store, record: Omit<AuditRecord, "id">): { skip: boolean; repeated?: number } {
  if (record.allowed) return { skip: false };
  const bySender = repeats.get(store) ?? new Map();
  repeats.set(store, bySender);
  const key = `${record.chatId}|${record.what}`;
  const at = Date.parse(record.at) || Date.now();
  const prev = bySender.get(record.who);
  if (!prev || prev.key !== key || at - prev.lastAt > REPEAT_WINDOW_MS) {
    bySender.set(record.who, { key, lastAt: at, count: 1 });
    return { skip: false };
  }
  prev.count++;
  prev.lastAt = at;
  const power = Math.log10(prev.count);
  return Number.isInteger(power) ? { skip: false, repeated: prev.count } : { skip: true };
}

/**
 * Appends to the audit log. Ids sort by time, then by order within this process (two actions in the
 * same millisecond), so a sorted listing reads in order; the random tail keeps processes apart.
 */
export async function appendAudit(store: Store, record: Omit<AuditRecord, "id">): Promise<AuditRecord> {
  const { skip, repeated } = collapse(store, record);
  const full: AuditRecord = {
    ...record,
    what: record.what.slice(0, 200),
    id: `${record.at}-${String(++sequence % 1e6).padStart(6, "0")}-${randomUUID().slice(0, 8)}`,
    ...(repeated ? { repeated } : {}),
  };
  if (skip) return full;
  if (store.auditLog) await store.auditLog.append(full);
  else await store.collection<AuditRecord>(AUDIT_COLLECTION).put(full);
  return full;
}

/** The audit log, oldest first, wherever the store keeps it. */
export async function listAudit(store: Store): Promise<AuditRecord[]> {
  const records = store.auditLog
    ? await store.auditLog.list<AuditRecord>()
    : await store.collection<AuditRecord>(AUDIT_COLLECTION).list();
  return records.sort((a, b) => a.id.localeCompare(b.id));
}

import { readFile } from "node:fs/promises";
import path from "node:path";
import { ledgerDir, type RecordState } from "../delivery/ledger.ts";
import type { LedgerLogs } from "../store/ledger-log.ts";

type Line = { t?: string; k?: string; c?: string; r?: string };

async function readFileLines(dataDir: string, id: string): Promise<Line[] | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(ledgerDir(dataDir), `${id}.jsonl`), "utf8");
  } catch {
    return undefined;
  }
  const lines: Line[] = [];
  for (const raw of text.split("\n")) {
    if (!raw) continue;
    try {
      lines.push(JSON.parse(raw));
    } catch {}
  }
  return lines;
}

async function readStored(logs: LedgerLogs, id: string): Promise<Line[] | undefined> {
  if ((await logs.writtenAt(id)) === undefined) return undefined;
  const log = await logs.open(id, { readOnly: true });
  try {
    return (await log.read()).lines;
  } finally {
    await log.close();
  }
}

/** One chat's outcome in one push or broadcast, summed over its messages. */
export interface ChatOutcome {
  chatId: string;
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
  reasons: string[];
}

/**
 * Reads a push's ledger (`<dataDir>/ledger/<id>.jsonl`) without opening it for writing: the
 * delivery layer may be appending to it right now, and `Ledger.open` would cut a line it is
 * writing. A torn last line is simply not counted.
 */
export async function readChatOutcomes(
  dataDir: string,
  id: string,
  /** The store's own ledgers (PostgreSQL), when it keeps them: read there instead of the files. */
  logs?: LedgerLogs,
): Promise<ChatOutcome[] | undefined> {
  if (!/^[\w-]{1,80}$/.test(id)) return undefined;
  const lines = logs ? await readStored(logs, id) : await readFileLines(dataDir, id);
  if (!lines) return undefined;
  const records = new Map<string, { chatId: string; state: RecordState; reason?: string }>();
  for (const line of lines) {
    if (!line.k) continue;
    if (line.t === "plan" && line.c) records.set(line.k, { chatId: line.c, state: "pending" });
    const rec = records.get(line.k);
    if (!rec) continue;
    if (line.t === "sent") rec.state = "sent";
    if (line.t === "failed" || line.t === "skipped") {
      rec.state = line.t;
      rec.reason = line.r;
    }
  }
  const chats = new Map<string, ChatOutcome>();
  for (const r of records.values()) {
    const c = chats.get(r.chatId) ?? {
      chatId: r.chatId,
      sent: 0,
      failed: 0,
      skipped: 0,
      pending: 0,
      reasons: [],
    };
    chats.set(r.chatId, c);
    c[r.state]++;
    if (r.reason && !c.reasons.includes(r.reason) && c.reasons.length < 5) c.reasons.push(r.reason);
  }
  return [...chats.values()].sort(
    (a, b) => b.failed + b.skipped - (a.failed + a.skipped) || a.chatId.localeCompare(b.chatId),
  );
}

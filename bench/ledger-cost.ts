/**
 * Ledger bookkeeping alone, as the number of chats grows: plan five messages per chat, then mark
 * them all sent the way the worker does (many chats at once, each mark awaited before the chat's
 * next one). The cost per message must stay flat: nothing is rewritten as the file grows.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ledger, type PlanEntry } from "../src/delivery/ledger.ts";

export interface LedgerCost {
  chats: number;
  messages: number;
  planUsPerMsg: number;
  markUsPerMsg: number;
  cpuUsPerMsg: number;
  bytesPerMsg: number;
}

export async function measureLedger(chats: number, perChat = 5): Promise<LedgerCost> {
  const dir = await mkdtemp(path.join(tmpdir(), "paperboy-ledger-bench-"));
  try {
    const ledger = await Ledger.open(dir, "2026-01-08-evening");
    const bodies = Array.from({ length: perChat }, (_, i) => ({
      type: "text" as const,
      text: `section ${i} `.repeat(200),
      format: "html" as const,
    }));
    const entries: PlanEntry[] = [];
    for (let c = 0; c < chats; c++)
      for (let p = 0; p < perChat; p++)
        entries.push({
          chatId: `telegram:-${1_000_000 + c}`,
          section: `s${p}`,
          part: 0,
          body: bodies[p] as never,
        });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await ledger.plan(entries);
    const t1 = performance.now();
    const byChat = new Map<string, string[]>();
    for (const r of ledger.pending()) byChat.set(r.chatId, [...(byChat.get(r.chatId) ?? []), r.key]);
    const bytesBefore = ledger.stats.bytes;
    let n = 0;
    await Promise.all(
      [...byChat.values()].map(async (keys) => {
        for (const k of keys) await ledger.markSent(k, String(++n));
      }),
    );
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const messages = chats * perChat;
    const out = {
      chats,
      messages,
      planUsPerMsg: ((t1 - t0) * 1000) / messages,
      markUsPerMsg: ((t2 - t1) * 1000) / messages,
      cpuUsPerMsg: (cpu.user + cpu.system) / messages,
      bytesPerMsg: (ledger.stats.bytes - bytesBefore) / messages,
    };
    await ledger.close();
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

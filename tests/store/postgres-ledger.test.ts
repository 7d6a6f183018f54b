import { afterAll, describe, expect, it } from "vitest";
import { Ledger, ledgerWrittenAt, listLedgers, type PlanEntry } from "../../src/delivery/ledger.ts";
import { readChatOutcomes } from "../../src/desk/ledger-read.ts";
import { PostgresStore } from "../../src/store/postgres/index.ts";
import { dropSchemas, freshSchema, pgUrl } from "../support/pg.ts";

const schemas: string[] = [];
afterAll(() => (pgUrl ? dropSchemas(pgUrl, schemas) : undefined));

const body = { type: "text" as const, text: "电商快报 <b>1</b>\u0000", format: "html" as const };
const entries: PlanEntry[] = ["telegram:-1", "telegram:-2", "wechat:R1@chatroom"].flatMap((chatId) =>
  [0, 1].map((part) => ({ chatId, section: "ecommerce", part, body })),
);

/** No data dir: a ledger on PostgreSQL must not need one. */
const noDir = "/nonexistent/paperboy-data";

/** An empty store in a schema of its own. */
async function freshStore(): Promise<PostgresStore> {
  const schema = freshSchema("ledger");
  schemas.push(schema);
  return PostgresStore.open({ url: pgUrl as string, schema });
}

describe.skipIf(!pgUrl)("the delivery ledger on PostgreSQL", () => {
  it("keeps the plan and the marks in the database: a reopened ledger resends nothing marked sent and writes no file", async () => {
    const store = await freshStore();
    try {
      const opts = { logs: store.ledgerLogs };
      const ledger = await Ledger.open(noDir, "2026-01-08-evening", opts);
      expect(await ledger.plan(entries)).toHaveLength(6);
      const [a, b, c] = ledger.pending();
      await Promise.all([
        ledger.markSent(a?.key ?? "", "101"),
        ledger.markSent(b?.key ?? "", "102"),
        ledger.markFailed(c?.key ?? "", "chat gone"),
      ]);
      await ledger.close();

      const again = await Ledger.open(noDir, "2026-01-08-evening", opts);
      expect(again.counts()).toEqual({ pending: 3, sent: 2, failed: 1, skipped: 0 });
      expect(again.get(a?.key ?? "")?.messageId).toBe("101");
      // A re-run of the same push plans nothing new; a late mark cannot unsend what was sent.
      expect(await again.plan(entries)).toEqual([]);
      await again.markFailed(a?.key ?? "", "late");
      expect(again.body(again.pending()[0] as never)).toEqual({ ...body, text: "电商快报 <b>1</b>\ufffd" });
      await again.close();
      const third = await Ledger.open(noDir, "2026-01-08-evening", opts);
      expect(third.get(a?.key ?? "")?.state).toBe("sent");
      await third.close();

      expect(await listLedgers(noDir, opts)).toEqual(["2026-01-08-evening"]);
      const written = await ledgerWrittenAt(noDir, "2026-01-08-evening", opts);
      expect(Math.abs((written ?? 0) - Date.now())).toBeLessThan(60_000);
      expect(await ledgerWrittenAt(noDir, "2026-01-09-evening", opts)).toBeUndefined();
      // Lines are rows a person can query: which chats still wait for part 1?
      const waiting = await store.pool.query(
        `SELECT p.line->>'c' AS chat FROM ledger_lines p
         WHERE p.kind = 'plan' AND (p.line->>'i')::int = 1
           AND NOT EXISTS (SELECT 1 FROM ledger_lines m WHERE m.key = p.key AND m.kind <> 'plan')
         ORDER BY 1`,
      );
      expect(waiting.rows.map((r) => r.chat)).toEqual(["telegram:-2", "wechat:R1@chatroom"]);
      // The desk's per-chat outcomes read the same rows (no ledger file exists).
      const outcomes = await readChatOutcomes(noDir, "2026-01-08-evening", store.ledgerLogs);
      expect(outcomes?.map((o) => [o.chatId, o.sent + o.failed + o.skipped + o.pending]).sort()).toEqual([
        ["telegram:-1", 2],
        ["telegram:-2", 2],
        ["wechat:R1@chatroom", 2],
      ]);
      expect(outcomes?.flatMap((o) => o.reasons)).toContain("chat gone");
      expect(await readChatOutcomes(noDir, "2026-01-09-evening", store.ledgerLogs)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it("writes a plan of more lines than one statement carries in order, and all or none of it", async () => {
    const store = await freshStore();
    try {
      const opts = { logs: store.ledgerLogs };
      // 4,000 chats x 3 parts: three statements of the plan, one transaction.
      const many: PlanEntry[] = Array.from({ length: 4000 }, (_, i) => `telegram:-${i + 1}`).flatMap(
        (chatId) => [0, 1, 2].map((part) => ({ chatId, section: "ecommerce", part, body })),
      );
      const ledger = await Ledger.open(noDir, "2026-01-09-evening", opts);
      expect(await ledger.plan(many)).toHaveLength(12_000);
      await ledger.close();
      const again = await Ledger.open(noDir, "2026-01-09-evening", opts);
      expect(again.pending().map((r) => [r.chatId, r.part])).toEqual(many.map((e) => [e.chatId, e.part]));
      await again.close();

      // A plan whose last statement fails leaves no line of it: the first chunks are rolled back too.
      const log = await store.ledgerLogs.open("2026-01-10-evening");
      const lines = Array.from({ length: 12_000 }, (_, i) => ({ t: "plan", k: `k${i}` }));
      const bad = [...lines, { t: null as unknown as string }];
      await expect(log.append(bad)).rejects.toThrow();
      expect((await log.read()).lines).toEqual([]);
      expect(await listLedgers(noDir, opts)).toEqual(["2026-01-09-evening"]);
    } finally {
      await store.close();
    }
  });
});

import type pg from "pg";
import type { LedgerLine, LedgerLog, LedgerLogs } from "../ledger-log.ts";
import { toJsonText } from "./json.ts";

/** Rows per statement when a ledger writes many lines at once (a push plan). */
const CHUNK_LINES = 2000;

/** Lines given as one JSON array, inserted in their order. */
const INSERT_LINES = `INSERT INTO ledger_lines (ledger_id, kind, key, line)
  SELECT $1, l.line ->> 't', l.line ->> 'k', l.line
  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS l(line, n)
  ORDER BY l.n`;

/**
 * Delivery ledgers in PostgreSQL: a `ledgers` row per push or broadcast and its lines in
 * `ledger_lines`, in the order written. A batch of lines (the ledger's group commit) is one
 * statement, so it is all there or not at all, and once it returns it is committed: as durable as
 * the file ledger's fsync, and visible to a standby on another host.
 */
export class PgLedgerLogs implements LedgerLogs {
  constructor(private readonly pool: pg.Pool) {}

  async open(id: string): Promise<LedgerLog> {
    return new PgLedgerLog(this.pool, id);
  }

  async list(): Promise<string[]> {
    const r = await this.pool.query<{ id: string }>("SELECT id FROM ledgers ORDER BY id");
    return r.rows.map((row) => row.id);
  }

  async writtenAt(id: string): Promise<number | undefined> {
    const r = await this.pool.query<{ ms: string }>(
      "SELECT (extract(epoch FROM written_at) * 1000)::bigint AS ms FROM ledgers WHERE id = $1",
      [id],
    );
    const ms = r.rows[0]?.ms;
    return ms === undefined ? undefined : Number(ms);
  }
}

class PgLedgerLog implements LedgerLog {
  readonly where: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly id: string,
  ) {
    this.where = `postgres:ledger ${id}`;
  }

  async read(): Promise<{ lines: LedgerLine[]; torn: number }> {
    const r = await this.pool.query<{ line: LedgerLine }>(
      "SELECT line FROM ledger_lines WHERE ledger_id = $1 ORDER BY seq",
      [this.id],
    );
    // A transaction is never half written: nothing is ever torn here.
    return { lines: r.rows.map((row) => row.line), torn: 0 };
  }

  async append(lines: LedgerLine[]): Promise<{ bytes: number }> {
    if (lines.length <= CHUNK_LINES) return this.appendOne(lines);
    return this.appendChunked(lines);
  }

  /** A batch of marks: one statement (the ledger row created or its written_at moved on, and every line, in order). */
  private async appendOne(lines: LedgerLine[]): Promise<{ bytes: number }> {
    const json = toJsonText(lines, "ledger lines") ?? "[]";
    await this.pool.query(
      `WITH ledger AS (
         INSERT INTO ledgers (id) VALUES ($1)
         ON CONFLICT (id) DO UPDATE SET written_at = now()
         RETURNING id
       )
       INSERT INTO ledger_lines (ledger_id, kind, key, line)
       SELECT ledger.id, l.line ->> 't', l.line ->> 'k', l.line
       FROM ledger, jsonb_array_elements($2::jsonb) WITH ORDINALITY AS l(line, n)
       ORDER BY l.n`,
      [this.id, json],
    );
    return { bytes: Buffer.byteLength(json) };
  }

  /**
   * A push plan (hundreds of thousands of lines): statements of CHUNK_LINES lines each, in one
   * transaction, so the whole plan is committed (or none of it) before any send. One statement
   * carrying every line as one JSON array made the server parse that whole value and sort all its
   * lines at once (the plan took 20 s at 100,000 chats in bench/store.ts).
   */
  private async appendChunked(lines: LedgerLine[]): Promise<{ bytes: number }> {
    const client = await this.pool.connect();
    let bytes = 0;
    try {
      await client.query("BEGIN");
      await client.query(
        "INSERT INTO ledgers (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET written_at = now()",
        [this.id],
      );
      for (let i = 0; i < lines.length; i += CHUNK_LINES) {
        const json = toJsonText(lines.slice(i, i + CHUNK_LINES), "ledger lines") ?? "[]";
        bytes += Buffer.byteLength(json);
        await client.query(INSERT_LINES, [this.id, json]);
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    return { bytes };
  }

  async close(): Promise<void> {}
}

import os from "node:os";
import pg from "pg";
import type { Chat } from "../../domain/chat.ts";
import { type Edition, Issue } from "../../domain/issue.ts";
import type { Logger } from "../../log.ts";
import { checkRecord, checkRecordId, mergeChat } from "../check.ts";
import type { LedgerLogs } from "../ledger-log.ts";
import {
  type Collection,
  IssueAlreadyPushedError,
  type IssueSummary,
  type PutIssueResult,
  type Store,
  StoreError,
} from "../store.ts";
import { clientConfig, connectionError, type PgTarget, schemaOf } from "./connect.ts";
import { toJsonText } from "./json.ts";
import { PgLedgerLogs } from "./ledger-logs.ts";
import { migrateSchema } from "./migrate.ts";

export interface PostgresStoreOptions extends PgTarget {
  now?: () => Date;
  log?: Logger;
  /** Most connections the store opens at once (default 10). */
  poolSize?: number;
}

type ChatFilter = { platform?: Chat["platform"]; state?: Chat["state"]; subscribed?: boolean };

interface IssueRow {
  date: string;
  edition: Edition;
  title: string;
  sections: string[];
  imported_at: string;
  pushed_at: string | null;
}

/**
 * The Store on PostgreSQL (tables in migrations/): every change is one statement or one short
 * transaction, so any number of processes on any number of hosts can share it; nothing is written
 * under the data dir. Read-modify-write changes (upsertChat, Collection.update) take a transaction
 * advisory lock on the record's key first, so two processes changing one record take turns, and a
 * record that does not exist yet is covered too (a row lock would have nothing to lock).
 */
export class PostgresStore implements Store {
  readonly ledgerLogs: LedgerLogs;
  readonly schema: string;
  private readonly now: () => Date;

  private constructor(
    readonly pool: pg.Pool,
    private readonly target: PgTarget,
    opts: PostgresStoreOptions,
  ) {
    this.schema = schemaOf(target);
    this.now = opts.now ?? (() => new Date());
    this.ledgerLogs = new PgLedgerLogs(pool);
  }

  /** Connects, migrates the schema, and hands back the store. */
  static async open(opts: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = schemaOf(opts);
    const setup = new pg.Client(clientConfig(opts, `paperboy setup ${os.hostname()} pid ${process.pid}`));
    try {
      await setup.connect();
      await migrateSchema(setup, schema, opts.log);
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw connectionError(opts, err);
    } finally {
      await setup.end().catch(() => {});
    }
    const pool = new pg.Pool({
      ...clientConfig(opts, `paperboy ${os.hostname()} pid ${process.pid}`),
      max: opts.poolSize ?? 10,
      idleTimeoutMillis: 30_000,
    });
    // An idle connection the server dropped must not kill the process: the pool makes a new one.
    pool.on("error", (err) =>
      opts.log?.warn({ err: connectionError(opts, err) }, "database connection lost"),
    );
    return new PostgresStore(pool, opts, opts);
  }

  // ----- issues -----

  async putIssue(issue: Issue, opts: { force?: boolean } = {}): Promise<PutIssueResult> {
    const checked = checkRecord(Issue, issue, "issue");
    // One statement: insert, or replace unless pushed (kept pushed_at); `xmax <> 0` marks an update.
    const r = await this.query<{ replaced: boolean }>(
      `INSERT INTO issues AS i (date, edition, title, sections, issue, imported_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (date, edition) DO UPDATE
         SET title = excluded.title, sections = excluded.sections, issue = excluded.issue,
             imported_at = excluded.imported_at
         WHERE i.pushed_at IS NULL OR $7
       RETURNING (xmax <> 0) AS replaced`,
      [
        checked.date,
        checked.edition,
        checked.title,
        checked.sections.map((s) => s.key),
        JSON.stringify(checked),
        this.now().toISOString(),
        opts.force === true,
      ],
    );
    const row = r.rows[0];
    if (!row) {
      throw new IssueAlreadyPushedError(
        `the ${checked.edition} issue of ${checked.date} was already pushed; use --force to replace it`,
      );
    }
    return { replaced: row.replaced };
  }

  async getIssue(date: string, edition: Edition = "evening"): Promise<Issue | undefined> {
    const r = await this.query<{ issue: Issue }>(
      "SELECT issue FROM issues WHERE date = $1 AND edition = $2",
      [date, edition],
    );
    return r.rows[0]?.issue;
  }

  async latestIssue(onOrBefore: string): Promise<Issue | undefined> {
    const r = await this.query<{ issue: Issue }>(
      `SELECT issue FROM issues WHERE date <= $1
       ORDER BY date DESC, (edition = 'evening') DESC LIMIT 1`,
      [onOrBefore],
    );
    return r.rows[0]?.issue;
  }

  async listIssues(): Promise<IssueSummary[]> {
    const r = await this.query<IssueRow>(
      `SELECT date, edition, title, sections, imported_at, pushed_at FROM issues
       ORDER BY date DESC, (edition = 'evening') DESC`,
    );
    return r.rows.map((row) => {
      const s: IssueSummary = {
        date: row.date,
        edition: row.edition,
        title: row.title,
        sections: row.sections,
        importedAt: row.imported_at,
      };
      if (row.pushed_at) s.pushedAt = row.pushed_at;
      return s;
    });
  }

  async markIssuePushed(date: string, edition: Edition, at: string): Promise<void> {
    if (typeof at !== "string") throw new StoreError("markIssuePushed needs the time as an ISO string");
    await this.query(
      "UPDATE issues SET pushed_at = $3 WHERE date = $1 AND edition = $2 AND pushed_at IS NULL",
      [date, edition, at],
    );
  }

  // ----- chats -----

  async getChat(id: string): Promise<Chat | undefined> {
    const r = await this.query<{ chat: Chat }>("SELECT chat FROM chats WHERE id = $1", [id]);
    return r.rows[0]?.chat;
  }

  async upsertChat(chat: Partial<Chat> & Pick<Chat, "id" | "platform" | "kind">): Promise<Chat> {
    return this.lockedChange(`chat:${chat.id}`, async (client) => {
      const prev = await client.query<{ chat: Chat }>("SELECT chat FROM chats WHERE id = $1", [chat.id]);
      const next = mergeChat(prev.rows[0]?.chat, chat, this.now().toISOString());
      await client.query(
        `INSERT INTO chats (id, platform, state, subscribed, chat) VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, state = excluded.state,
           subscribed = excluded.subscribed, chat = excluded.chat`,
        [next.id, next.platform, next.state, next.subscribed, JSON.stringify(next)],
      );
      return next;
    });
  }

  async listChats(filter: ChatFilter = {}): Promise<Chat[]> {
    const r = await this.query<{ chat: Chat }>(
      `SELECT chat FROM chats
       WHERE ($1::text IS NULL OR platform = $1) AND ($2::text IS NULL OR state = $2)
         AND ($3::boolean IS NULL OR subscribed = $3)
       ORDER BY seq`,
      [filter.platform ?? null, filter.state ?? null, filter.subscribed ?? null],
    );
    return r.rows.map((row) => row.chat);
  }

  // ----- settings -----

  async getSetting<T>(key: string): Promise<T | undefined> {
    const r = await this.query<{ value: T }>("SELECT value FROM settings WHERE key = $1", [key]);
    return r.rows.length > 0 ? (r.rows[0]?.value as T) : undefined;
  }

  async setSetting<T>(key: string, value: T): Promise<void> {
    if (typeof key !== "string") throw new StoreError(`${String(key)} is not a valid setting key`);
    const json = toJsonText(value, `setting ${key}`);
    if (json === undefined) {
      await this.query("DELETE FROM settings WHERE key = $1", [key]);
      return;
    }
    await this.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, json],
    );
  }

  // ----- collections -----

  collection<T extends { id: string }>(name: string): Collection<T> {
    if (typeof name !== "string" || name === "")
      throw new StoreError(`${String(name)} is not a valid collection name`);
    const write = async (q: Queryable, record: T) => {
      await q.query(
        `INSERT INTO records (collection, id, record) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (collection, id) DO UPDATE SET record = excluded.record`,
        [name, record.id, toJsonText(record, `${name} record`)],
      );
    };
    return {
      get: async (id) => {
        const r = await this.query<{ record: T }>(
          "SELECT record FROM records WHERE collection = $1 AND id = $2",
          [name, id],
        );
        return r.rows[0]?.record;
      },
      list: async () => {
        const r = await this.query<{ record: T }>(
          "SELECT record FROM records WHERE collection = $1 ORDER BY seq",
          [name],
        );
        return r.rows.map((row) => row.record);
      },
      put: async (record) => {
        checkRecordId(record);
        await write(this.pool, record);
      },
      delete: async (id) => {
        const r = await this.query("DELETE FROM records WHERE collection = $1 AND id = $2", [name, id]);
        return (r.rowCount ?? 0) > 0;
      },
      update: async (id, fn) => {
        checkRecordId({ id });
        return this.lockedChange(`record:${name}/${id}`, async (client) => {
          const cur = await client.query<{ record: T }>(
            "SELECT record FROM records WHERE collection = $1 AND id = $2",
            [name, id],
          );
          const current = cur.rows[0]?.record;
          const next = fn(current);
          if (next === undefined) {
            if (current)
              await client.query("DELETE FROM records WHERE collection = $1 AND id = $2", [name, id]);
            return undefined;
          }
          checkRecordId(next, id);
          await write(client, next);
          // What a reader gets back later: the record as JSON gives it back.
          return JSON.parse(toJsonText(next, `${name} record`) as string) as T;
        });
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  // ----- plumbing -----

  private async query<R extends pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (err) {
      throw this.wrap(err);
    }
  }

  /** Runs `fn` in a transaction holding an advisory lock on `key` (in this schema); rolls back if it throws. */
  private async lockedChange<R>(key: string, fn: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.wrap(err);
    }
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`${this.schema}/${key}`]);
      const value = await fn(client);
      await client.query("COMMIT");
      return value;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err instanceof StoreError || !(err instanceof Error && "code" in err) ? err : this.wrap(err);
    } finally {
      client.release();
    }
  }

  private wrap(err: unknown): StoreError {
    return err instanceof StoreError ? err : connectionError(this.target, err);
  }
}

type Queryable = Pick<pg.Pool, "query">;

import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../../log.ts";
import { ISSUE_FORMAT, MAIN_FORMAT } from "../format.ts";
import { JsonDoc } from "../json-doc.ts";
import { storePaths } from "../layout.ts";
import { fileLedgerLogs, ledgerDir, parseLedgerText } from "../ledger-log.ts";
import { sessionFiles, sessionSetting } from "../sessions.ts";
import { StoreError } from "../store.ts";
import type { PgTarget } from "./connect.ts";
import { PostgresStore } from "./pg-store.ts";

/** What was copied, table by table; each count was checked against the database before committing. */
export interface CopyCounts {
  issues: number;
  chats: number;
  settings: number;
  records: number;
  collections: number;
  ledgers: number;
  ledgerLines: number;
}

/**
 * Copies a file store (the data dir) into an empty PostgreSQL schema, in one transaction: either
 * everything arrives and every count matches, or nothing does. The files are only read, never
 * written (an old data file is migrated in memory; a torn ledger line is left on disk, not copied).
 * A WeChat session file (`wechat.memory-card.json`) goes along as the setting `session:wechat`.
 */
export async function copyFileStoreToPostgres(
  dataDir: string,
  target: PgTarget,
  log?: Logger,
): Promise<CopyCounts> {
  const paths = storePaths(path.resolve(dataDir));
  const main = await new JsonDoc(paths.main, MAIN_FORMAT).current();
  if (!main) throw new StoreError(`no file store to copy: ${paths.main} does not exist`);
  const issues = [];
  for (const [id, summary] of Object.entries(main.issues)) {
    const file = await new JsonDoc(paths.issue(id), ISSUE_FORMAT).current();
    if (!file) throw new StoreError(`${paths.issue(id)}: is missing, but ${paths.main} lists it`);
    issues.push({ summary, issue: file.issue });
  }
  const ledgers = [];
  for (const id of await fileLedgerLogs(paths.dir).list()) {
    const file = path.join(ledgerDir(paths.dir), `${id}.jsonl`);
    const { lines } = parseLedgerText(await readFile(file, "utf8"));
    ledgers.push({ id, lines, writtenAt: (await stat(file)).mtime.toISOString() });
  }
  // The platforms' login sessions (wechaty's memory card file) become settings, as a bot on the database keeps them.
  const settings: Record<string, unknown> = { ...main.settings };
  for (const [name, session] of Object.entries(await sessionFiles(paths.dir)))
    settings[sessionSetting(name)] = session;
  const records = Object.entries(main.collections).flatMap(([collection, byId]) =>
    Object.values(byId).map((record) => ({ collection, id: record.id, record })),
  );
  const want: CopyCounts = {
    issues: issues.length,
    chats: Object.keys(main.chats).length,
    settings: Object.keys(settings).length,
    records: records.length,
    collections: Object.keys(main.collections).length,
    ledgers: ledgers.length,
    ledgerLines: ledgers.reduce((n, l) => n + l.lines.length, 0),
  };

  const store = await PostgresStore.open({ ...target, log });
  const client = await store.pool.connect();
  try {
    await client.query("BEGIN");
    const before = await countRows(client);
    if (Object.values(before).some((n) => n > 0)) {
      throw new StoreError(
        `the database schema ${store.schema} already holds data (${describeCounts(before)}); copy into an empty one`,
      );
    }
    const json = (v: unknown) => JSON.stringify(v);
    await client.query(
      `INSERT INTO issues (date, edition, title, sections, issue, imported_at, pushed_at)
       SELECT e->>'date', e->>'edition', e->>'title',
              ARRAY(SELECT jsonb_array_elements_text(e->'sections')), e->'issue', e->>'importedAt', e->>'pushedAt'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
      [json(issues.map(({ summary, issue }) => ({ ...summary, issue })))],
    );
    await client.query(
      `INSERT INTO chats (id, platform, state, subscribed, chat)
       SELECT e->>'id', e->>'platform', e->>'state', (e->>'subscribed')::boolean, e
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
      [json(Object.values(main.chats))],
    );
    await client.query(`INSERT INTO settings (key, value) SELECT key, value FROM jsonb_each($1::jsonb)`, [
      json(settings),
    ]);
    await client.query(
      `INSERT INTO records (collection, id, record)
       SELECT e->>'collection', e->>'id', e->'record'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
      [json(records)],
    );
    for (const l of ledgers) {
      await client.query("INSERT INTO ledgers (id, created_at, written_at) VALUES ($1, $2, $2)", [
        l.id,
        l.writtenAt,
      ]);
      await client.query(
        `INSERT INTO ledger_lines (ledger_id, kind, key, line)
         SELECT $1, e->>'t', e->>'k', e FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
        [l.id, json(l.lines)],
      );
    }
    const got = await countRows(client);
    const wrong = (Object.keys(want) as (keyof CopyCounts)[]).filter((k) => got[k] !== want[k]);
    if (wrong.length > 0) {
      throw new StoreError(
        `the copy does not add up (${wrong.map((k) => `${k}: ${want[k]} in files, ${got[k]} in the database`).join("; ")}); nothing was kept`,
      );
    }
    await client.query("COMMIT");
    return got;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
    await store.close();
  }
}

async function countRows(client: import("pg").PoolClient): Promise<CopyCounts> {
  const r = await client.query<Record<keyof CopyCounts, string>>(
    `SELECT (SELECT count(*) FROM issues) AS issues, (SELECT count(*) FROM chats) AS chats,
            (SELECT count(*) FROM settings) AS settings, (SELECT count(*) FROM records) AS records,
            (SELECT count(DISTINCT collection) FROM records) AS collections,
            (SELECT count(*) FROM ledgers) AS ledgers, (SELECT count(*) FROM ledger_lines) AS "ledgerLines"`,
  );
  const row = r.rows[0] as Record<keyof CopyCounts, string>;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as CopyCounts;
}

export function describeCounts(c: CopyCounts): string {
  return (
    `${c.issues} issues, ${c.chats} chats, ${c.settings} settings, ` +
    `${c.records} records in ${c.collections} collections, ${c.ledgers} ledgers (${c.ledgerLines} lines)`
  );
}

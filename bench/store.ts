/**
 * The store on PostgreSQL against the file store, in one run (`npm run bench:store`): upsertChat,
 * listChats, planning a push, and ledger marks per second at 10,000 and 100,000 chats; then the
 * time from the active process's death to the standby's first send at each size (bench/takeover.ts;
 * BENCH_TAKEOVER=off skips it). BENCH_STORE_SIZES=10000 runs one size only; BENCH_DATABASE_URL
 * picks the database (else a temporary cluster is started).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { Ledger } from "../src/delivery/ledger.ts";
import { issueRenderer, planPush } from "../src/delivery/planner.ts";
import type { Chat } from "../src/domain/chat.ts";
import { createTelegramAdapter } from "../src/platforms/telegram/index.ts";
import { mergeChat } from "../src/store/check.ts";
import { emptyMainFile, MAIN_FORMAT } from "../src/store/format.ts";
import { storePaths } from "../src/store/layout.ts";
import { openStore } from "../src/store/open.ts";
import { PostgresStore } from "../src/store/postgres/index.ts";
import type { Store } from "../src/store/store.ts";
import { benchIssue } from "./issue.ts";
import { benchDatabase, insertChats } from "./pg-cluster.ts";
import { describeTakeover, measureTakeover } from "./takeover.ts";

const SIZES = (process.env.BENCH_STORE_SIZES ?? "10000,100000").split(",").map(Number);
const quiet = pino({ level: "silent" });
const DATE = "2026-01-08";

interface Row {
  store: "file" | "postgres";
  chats: number;
  upsertMs: number;
  listMs: number;
  planMs: number;
  marksPerSec: number;
}

function chatsOf(n: number): Chat[] {
  const at = new Date().toISOString();
  return Array.from({ length: n }, (_, i) =>
    mergeChat(
      undefined,
      { id: `telegram:${-1_000_000_000 - i}`, platform: "telegram", kind: "group", title: `群${i}` },
      at,
    ),
  );
}

/** n chats in a fresh store, written in bulk (seeding through upsertChat would time the seeding). */
async function seeded(
  kind: Row["store"],
  n: number,
  url: string,
): Promise<{ store: Store; dataDir: string; done: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-store-bench-"));
  const chats = chatsOf(n);
  if (kind === "file") {
    const paths = storePaths(path.join(dataDir, "data"));
    const store0 = await openStore(paths.dir, { log: quiet });
    await store0.close();
    const main = {
      ...emptyMainFile(),
      version: MAIN_FORMAT.version,
      chats: Object.fromEntries(chats.map((c) => [c.id, c])),
    };
    await writeFile(paths.main, `${JSON.stringify(main, null, 2)}\n`);
    const store = await openStore(paths.dir, { log: quiet });
    await store.putIssue(benchIssue(DATE));
    return {
      store,
      dataDir: paths.dir,
      done: async () => {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_store_${n}_${process.pid}`;
  const store = await PostgresStore.open({ url, schema, log: quiet });
  await store.pool.query("TRUNCATE issues, chats, settings, records, ledger_lines, ledgers");
  await insertChats(store, chats);
  await store.putIssue(benchIssue(DATE));
  return {
    store,
    dataDir,
    done: async () => {
      await store.pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function timeEach(times: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < times; i++) await fn(i);
  return (performance.now() - t0) / times;
}

async function measure(kind: Row["store"], n: number, url: string): Promise<Row> {
  const { store, dataDir, done } = await seeded(kind, n, url);
  try {
    // Existing chats renamed one after the other, as a burst of chat events is handled.
    const upserts = kind === "file" ? Math.max(5, Math.round(200_000 / n)) : 500;
    const upsertMs = await timeEach(upserts, (i) =>
      store.upsertChat({
        id: `telegram:${-1_000_000_000 - ((i * 7919) % n)}`,
        platform: "telegram",
        kind: "group",
        title: `新名${i}`,
      }),
    );
    const listMs = await timeEach(5, () => store.listChats());

    // The push plan: list the chats, render per (section, platform), write every record before a send.
    const config = loadConfig({ PAPERBOY_DATA_DIR: dataDir });
    const adapter = createTelegramAdapter({ token: "1:bench", apiRoot: "http://127.0.0.1:9", log: quiet });
    const issue = benchIssue(DATE);
    const t0 = performance.now();
    const ledger = await Ledger.open(dataDir, `${DATE}-evening`, { logs: store.ledgerLogs });
    const chats = await store.listChats();
    await ledger.plan(planPush(issue, chats, issueRenderer(issue, new Map([["telegram", adapter]]), config)));
    const planMs = performance.now() - t0;

    // Marks the way the worker makes them: every chat at once, each awaiting its mark before its next
    // send (group commit). The first part of every chat: n marks.
    const firstOfChat = new Map<string, string>();
    for (const r of ledger.pending()) if (!firstOfChat.has(r.chatId)) firstOfChat.set(r.chatId, r.key);
    const t1 = performance.now();
    let m = 0;
    await Promise.all([...firstOfChat.values()].map((k) => ledger.markSent(k, String(++m))));
    const marksPerSec = firstOfChat.size / ((performance.now() - t1) / 1000);
    await ledger.close();
    return { store: kind, chats: n, upsertMs, listMs, planMs, marksPerSec };
  } finally {
    await done();
  }
}

const db = await benchDatabase();
try {
  const rows: Row[] = [];
  for (const n of SIZES) {
    for (const kind of ["file", "postgres"] as const) {
      const row = await measure(kind, n, db.url);
      rows.push(row);
      process.stderr.write(`${JSON.stringify(row)}\n`);
    }
  }
  const f = (x: number, d = 1) => x.toFixed(d);
  const out = ["store bench (one run; file store = lowdb JSON, postgres = this host's cluster)", ""];
  out.push("chats    store     upsertChat ms  listChats ms  plan ms  marks/s");
  for (const r of rows)
    out.push(
      `${String(r.chats).padEnd(8)} ${r.store.padEnd(9)} ${f(r.upsertMs, 2).padStart(13)} ${f(r.listMs).padStart(13)} ${f(r.planMs, 0).padStart(8)} ${f(r.marksPerSec, 0).padStart(8)}`,
    );
  out.push("");
  for (const n of SIZES) {
    const file = rows.find((r) => r.chats === n && r.store === "file");
    const pg = rows.find((r) => r.chats === n && r.store === "postgres");
    if (!file || !pg) continue;
    out.push(
      `${n} chats, file/postgres: upsertChat ${f(file.upsertMs / pg.upsertMs)}x, listChats ${f(file.listMs / pg.listMs)}x, ` +
        `plan ${f(file.planMs / pg.planMs)}x, marks/s ${f(pg.marksPerSec / file.marksPerSec, 2)}x (postgres/file)`,
    );
  }
  // The takeover at each size (BENCH_TAKEOVER=off skips it: it starts three processes per size).
  if (process.env.BENCH_TAKEOVER !== "off") {
    out.push("");
    for (const n of SIZES) {
      const t = await measureTakeover(db.url, n);
      process.stderr.write(`${JSON.stringify(t)}\n`);
      out.push(describeTakeover(t));
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
} finally {
  await db.stop();
}

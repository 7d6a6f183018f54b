import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Chat } from "../src/domain/chat.ts";
import type { PostgresStore } from "../src/store/postgres/index.ts";

const SCRIPT = path.join(import.meta.dirname, "..", "tests", "support", "pg-cluster.sh");

/**
 * The database the store benchmark uses: BENCH_DATABASE_URL (or PAPERBOY_TEST_DATABASE_URL) when
 * given, else a temporary cluster started for the run (tests/support/pg-cluster.sh) and removed after.
 */
export async function benchDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.PAPERBOY_TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };
  const parent = await mkdtemp(path.join(tmpdir(), "paperboy-bench-pg-"));
  await chmod(parent, 0o755);
  const dir = path.join(parent, "cluster");
  const url = execFileSync("bash", [SCRIPT, "start", dir], { encoding: "utf8" }).trim();
  return {
    url,
    stop: async () => {
      execFileSync("bash", [SCRIPT, "stop", dir], { stdio: "ignore" });
      await rm(parent, { recursive: true, force: true });
    },
  };
}

/** Chats written in bulk, 10,000 a statement (seeding through upsertChat would time the seeding). */
export async function insertChats(store: PostgresStore, chats: Chat[]): Promise<void> {
  for (let i = 0; i < chats.length; i += 10_000) {
    await store.pool.query(
      `INSERT INTO chats (id, platform, state, subscribed, chat)
       SELECT e->>'id', e->>'platform', e->>'state', (e->>'subscribed')::boolean, e
       FROM jsonb_array_elements($1::jsonb) AS e`,
      [JSON.stringify(chats.slice(i, i + 10_000))],
    );
  }
}

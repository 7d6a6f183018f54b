/**
 * From the active process's death to the standby's first send: two `paperboy start` on one
 * PostgreSQL schema with the Telegram stand-in, an admin's `paperboy push`, kill -9 of the active
 * one a third of the way through. Measured on the stand-in's clock (when it accepted messages).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { PostgresStore } from "../src/store/postgres/index.ts";
import { startTelegramApi } from "../tests/support/telegram-api/server.ts";
import { benchIssue, MESSAGES_PER_GROUP } from "./issue.ts";

const CLI = path.join(import.meta.dirname, "..", "bin", "paperboy.js");

export interface Takeover {
  groups: number;
  /** Kill -9 of the active process → the standby's first message accepted by the stand-in. */
  deathToFirstSendMs: number;
  /** Kill -9 → the standby logs that it holds the lease. */
  deathToLeaseMs: number;
  lost: number;
  duplicated: number;
  /** The most messages any one chat got twice (the ledger promises at most 1). */
  maxDuplicatedPerChat: number;
}

export async function measureTakeover(url: string, groups = 200): Promise<Takeover> {
  const schema = `bench_takeover_${process.pid}`;
  const api = await startTelegramApi({
    limits: { globalPerSecond: 100, groupPerMinute: 600, chatPerSecond: 10 },
  });
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const date = "2026-01-08";
  const firstId = -1_003_000_000;
  try {
    const store = await PostgresStore.open({ url, schema, log: pino({ level: "silent" }) });
    await store.pool.query("TRUNCATE issues, chats, settings, records, ledger_lines, ledgers");
    await store.putIssue(benchIssue(date));
    for (let i = 0; i < groups; i++)
      await store.upsertChat({ id: `telegram:${firstId - i}`, platform: "telegram", kind: "group" });
    await store.close();

    const env = async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-takeover-"));
      dirs.push(dataDir);
      return {
        ...process.env,
        DATABASE_URL: url,
        PAPERBOY_DATABASE_SCHEMA: schema,
        PAPERBOY_DATA_DIR: dataDir,
        PAPERBOY_LOG_LEVEL: "info",
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_GLOBAL_PER_SECOND: "100",
        TELEGRAM_GROUP_PER_MINUTE: "600",
        TELEGRAM_CHAT_PER_SECOND: "10",
      };
    };
    const start = (e: NodeJS.ProcessEnv) => {
      const child = spawn(process.execPath, [CLI, "start"], { env: e, stdio: ["ignore", "ignore", "pipe"] });
      children.push(child);
      let log = "";
      const waits: Array<() => void> = [];
      child.stderr?.setEncoding("utf8").on("data", (d: string) => {
        log += d;
        for (const w of waits) w();
      });
      return {
        child,
        env: e,
        when: (text: string) =>
          new Promise<number>((resolve) => {
            const check = () => {
              if (!log.includes(text)) return false;
              resolve(Date.now());
              return true;
            };
            if (!check()) waits.push(() => void check());
          }),
      };
    };
    const a = start(await env());
    await a.when("platform started");
    const b = start(await env());
    await b.when("standing by");
    const push = spawn(process.execPath, [CLI, "push", date], { env: a.env, stdio: "ignore" });
    children.push(push);
    const total = groups * MESSAGES_PER_GROUP;
    await api.waitFor((e) => e.kind === "sent" && api.sent.length >= total / 3, 120_000);
    let firstAfter: number | undefined;
    const off = api.onEvent((e) => {
      if (e.kind === "sent") firstAfter ??= Date.now();
    });
    const killedAt = Date.now();
    a.child.kill("SIGKILL");
    firstAfter = undefined;
    const leaseAt = await b.when("this process is active");
    await api.waitFor(() => api.sent.length >= total, 300_000);
    await b.when("push over");
    off();
    let lost = 0;
    let duplicated = 0;
    let maxDuplicatedPerChat = 0;
    for (let i = 0; i < groups; i++) {
      const n = api.sentTo(firstId - i).length;
      lost += Math.max(0, MESSAGES_PER_GROUP - n);
      duplicated += Math.max(0, n - MESSAGES_PER_GROUP);
      maxDuplicatedPerChat = Math.max(maxDuplicatedPerChat, n - MESSAGES_PER_GROUP);
    }
    return {
      groups,
      deathToFirstSendMs: (firstAfter ?? Number.NaN) - killedAt,
      deathToLeaseMs: leaseAt - killedAt,
      lost,
      duplicated,
      maxDuplicatedPerChat,
    };
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await api.stop();
    const cleanup = await PostgresStore.open({ url, schema, log: pino({ level: "silent" }) });
    await cleanup.pool.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
    await cleanup.close().catch(() => {});
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}

/**
 * From the active process's death to the standby's first send: two `paperboy start` on one
 * PostgreSQL schema with the Telegram stand-in, an admin's `paperboy push`, kill -9 of the active
 * one mid-push. Each process talks to the stand-in through a forwarder of its own, so a send is
 * the standby's only if it came through the standby's forwarder: a request the killed process had
 * in flight (answered a millisecond after its death) is not the standby's first send.
 *
 *   node --import tsx bench/takeover.ts            BENCH_TAKEOVER_CHATS=10000,100000 (default 10000)
 *
 * A push small enough (BENCH_TAKEOVER_FULL_MESSAGES, default 60,000 messages) runs to its end and
 * is checked: nothing lost, at most one message twice per chat. A bigger one is stopped once the
 * standby has sent a while: the time to take over is measured, the end is not waited for.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { mergeChat } from "../src/store/check.ts";
import { PostgresStore } from "../src/store/postgres/index.ts";
import { startTelegramApi } from "../tests/support/telegram-api/server.ts";
import { benchIssue, MESSAGES_PER_GROUP } from "./issue.ts";
import { benchDatabase, insertChats } from "./pg-cluster.ts";

const CLI = path.join(import.meta.dirname, "..", "bin", "paperboy.js");
const FULL_MESSAGES = Number(process.env.BENCH_TAKEOVER_FULL_MESSAGES ?? 60_000);
/** Sends (messages) per second the stand-in and the bot allow: fast, so a big push gets going. */
const PER_SECOND = 1000;

export interface Takeover {
  groups: number;
  /** The admin's `paperboy push` → the active process's first send (planning the push). */
  pushToFirstSendMs: number;
  /** Kill -9 → the standby logs that it holds the lease. */
  deathToLeaseMs: number;
  /** Kill -9 → the stand-in answered the standby's first message. */
  deathToFirstSendMs: number;
  /** Whether the push ran to its end (then lost and duplicated were counted). */
  ranToEnd: boolean;
  lost?: number;
  duplicated?: number;
  /** The most messages any one chat got twice (the ledger promises at most 1). */
  maxDuplicatedPerChat?: number;
}

/** Forwards one process's Bot API calls to the stand-in and notes when its sends were accepted. */
async function forwarder(upstream: string) {
  const agent = new http.Agent({ keepAlive: true });
  const target = new URL(upstream);
  const state = { sends: 0, firstSendAt: undefined as number | undefined, waiters: [] as Array<() => void> };
  const server = http.createServer((req, res) => {
    const isSend = /\/send(message|photo|mediagroup|document)$/i.test(req.url ?? "");
    const up = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", () => {
          if (!isSend || answer.statusCode !== 200) return;
          state.sends++;
          state.firstSendAt ??= Date.now();
          for (const w of state.waiters.splice(0)) w();
        });
      },
    );
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    /** Resolves once this process has had `n` sends accepted. */
    sent(n: number): Promise<void> {
      return new Promise((resolve) => {
        const check = () => (state.sends >= n ? resolve() : state.waiters.push(check));
        check();
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

export async function measureTakeover(url: string, groups = 10_000): Promise<Takeover> {
  const schema = `bench_takeover_${groups}_${process.pid}`;
  const api = await startTelegramApi({
    limits: { globalPerSecond: PER_SECOND, groupPerMinute: 600, chatPerSecond: 10 },
  });
  const taps = [await forwarder(api.url), await forwarder(api.url)];
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const date = "2026-01-08";
  const firstId = -1_003_000_000;
  const total = groups * MESSAGES_PER_GROUP;
  const ranToEnd = total <= FULL_MESSAGES;
  try {
    const store = await PostgresStore.open({ url, schema, log: pino({ level: "silent" }) });
    await store.pool.query("TRUNCATE issues, chats, settings, records, ledger_lines, ledgers");
    await store.putIssue(benchIssue(date));
    const at = new Date().toISOString();
    await insertChats(
      store,
      Array.from({ length: groups }, (_, i) =>
        mergeChat(undefined, { id: `telegram:${firstId - i}`, platform: "telegram", kind: "group" }, at),
      ),
    );
    await store.close();

    const env = async (apiRoot: string) => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-takeover-"));
      dirs.push(dataDir);
      return {
        ...process.env,
        DATABASE_URL: url,
        PAPERBOY_DATABASE_SCHEMA: schema,
        PAPERBOY_DATA_DIR: dataDir,
        PAPERBOY_LOG_LEVEL: "info",
        PAPERBOY_DESK: "off",
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: apiRoot,
        TELEGRAM_GLOBAL_PER_SECOND: String(PER_SECOND),
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
        for (const w of waits.splice(0)) w();
      });
      // A process that dies on its own (not killed here) ends the run with its last words.
      const died = new Promise<never>((_, reject) =>
        child.once("exit", (code, signal) =>
          reject(new Error(`paperboy start exited (${signal ?? code}):\n${log.slice(-3000)}`)),
        ),
      );
      died.catch(() => {});
      return {
        child,
        env: e,
        died,
        when: (text: string) =>
          Promise.race([
            died,
            new Promise<number>((resolve) => {
              const check = () => (log.includes(text) ? resolve(Date.now()) : waits.push(check));
              check();
            }),
          ]),
      };
    };
    const [tapA, tapB] = taps as [
      Awaited<ReturnType<typeof forwarder>>,
      Awaited<ReturnType<typeof forwarder>>,
    ];
    const a = start(await env(tapA.url));
    await a.when("platform started");
    const b = start(await env(tapB.url));
    await b.when("standing by");
    const pushedAt = Date.now();
    const push = spawn(process.execPath, [CLI, "push", date], { env: a.env, stdio: "ignore" });
    children.push(push);
    // Mid-push: a third of a small push, a few thousand messages into a big one.
    await Promise.race([a.died, tapA.sent(Math.min(Math.floor(total / 3), 3000))]);
    const pushToFirstSendMs = (tapA.state.firstSendAt ?? Number.NaN) - pushedAt;
    const killedAt = Date.now();
    a.child.kill("SIGKILL");
    const leaseAt = await b.when("this process is active");
    await Promise.race([b.died, tapB.sent(1)]);
    const result: Takeover = {
      groups,
      pushToFirstSendMs,
      deathToLeaseMs: leaseAt - killedAt,
      deathToFirstSendMs: (tapB.state.firstSendAt ?? Number.NaN) - killedAt,
      ranToEnd,
    };
    if (!ranToEnd) return result;
    await b.when("push over");
    result.lost = 0;
    result.duplicated = 0;
    result.maxDuplicatedPerChat = 0;
    for (let i = 0; i < groups; i++) {
      const n = api.sentTo(firstId - i).length;
      result.lost += Math.max(0, MESSAGES_PER_GROUP - n);
      result.duplicated += Math.max(0, n - MESSAGES_PER_GROUP);
      result.maxDuplicatedPerChat = Math.max(result.maxDuplicatedPerChat, n - MESSAGES_PER_GROUP);
    }
    return result;
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    for (const t of taps) await t.close();
    await api.stop();
    const cleanup = await PostgresStore.open({ url, schema, log: pino({ level: "silent" }) });
    await cleanup.pool.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
    await cleanup.close().catch(() => {});
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}

/** One line per run, for the README. */
export function describeTakeover(t: Takeover): string {
  const end = t.ranToEnd
    ? `; ran to the end: lost ${t.lost}, duplicated ${t.duplicated} (at most ${t.maxDuplicatedPerChat} in one chat)`
    : "; stopped after the standby's first send (not run to the end)";
  return (
    `takeover at ${t.groups} chats (kill -9 of the active mid-push): push planned and first send ${t.pushToFirstSendMs} ms after \`paperboy push\`; ` +
    `lease taken ${t.deathToLeaseMs} ms after death, standby's first send ${t.deathToFirstSendMs} ms after death${end}`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.env.BENCH_TAKEOVER_CHATS ?? "10000").split(",").map(Number);
  const db = await benchDatabase();
  try {
    for (const n of sizes) {
      const t = await measureTakeover(db.url, n);
      process.stderr.write(`${JSON.stringify(t)}\n`);
      process.stdout.write(`${describeTakeover(t)}\n`);
    }
  } finally {
    await db.stop();
  }
}

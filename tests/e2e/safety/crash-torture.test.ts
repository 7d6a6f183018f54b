/**
 * Crash torture: `paperboy start` (bin/paperboy.js, the file store, the control socket) is killed
 * with SIGKILL 20 times at random moments of one push and started again each time. Kill points are
 * picked by watching what the bot does, not by the clock: the first write to the ledger (the plan,
 * or a mark), the n-th write of the store's main file, or the n-th message the Bot API stand-in
 * received; each then waits a random few milliseconds. The randomness is seeded and the seed is
 * printed (replay one run with PAPERBOY_TORTURE_SEED=<seed>).
 */
import { type FSWatcher, watch } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ledgerDir } from "../../../src/delivery/ledger.ts";
import { parseLedgerText } from "../../../src/store/ledger-log.ts";
import { openStore } from "../../../src/store/open.ts";
import { testIssue } from "../../delivery/helpers/issue.ts";
import { seededRandom } from "../../support/random.ts";
import { cleanEnv, runCli, tempDataDir } from "../../support/run-cli.ts";
import { startTelegramApi, type TelegramApi } from "../../support/telegram-api/server.ts";
import { type BotProcess, startBot } from "./bot-process.ts";

const KILLS = 20;
const DATE = "2026-01-08";
const ISSUE_ID = `${DATE}-evening`;
const GROUPS = Array.from({ length: 10 }, (_, i) => -(9100 + i));
const ORDER = ["老高电商快报", "电商快报", "互联网快报", "跨境快报", "品牌快报", "今日老高观点"];
const TOTAL = GROUPS.length * ORDER.length;
// Slow enough that the push spans several runs (about 3 s of sending in all), fast enough for CI.
const LIMITS = { globalPerSecond: 20, groupPerMinute: 200, chatPerSecond: 5 };

type KillPoint = "ledger write" | "store write" | "sent";

describe("crash torture", () => {
  let api: TelegramApi;
  let dataDir: string;
  const bots: BotProcess[] = [];
  const watchers: FSWatcher[] = [];
  const clis: Promise<unknown>[] = [];

  beforeEach(async () => {
    api = await startTelegramApi({ limits: LIMITS });
    dataDir = await tempDataDir();
  });
  afterEach(async () => {
    for (const w of watchers.splice(0)) w.close();
    for (const b of bots.splice(0)) {
      if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill("SIGKILL");
      await b.exited;
    }
    await Promise.all(clis.splice(0));
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const ledgerFile = () => path.join(ledgerDir(dataDir), `${ISSUE_ID}.jsonl`);
  const mainFile = () => path.join(dataDir, "paperboy.json");

  /** The ledger on disk: how many records are planned and how many of them are still pending. */
  async function ledgerState() {
    const text = await readFile(ledgerFile(), "utf8").catch(() => "");
    const parsed = parseLedgerText(text);
    const planned = new Set<string>();
    const settled = new Set<string>();
    for (const l of parsed.lines) {
      if (l.t === "plan" && l.k) planned.add(l.k);
      if ((l.t === "sent" || l.t === "failed" || l.t === "skipped") && l.k) settled.add(l.k);
    }
    const pending = [...planned].filter((k) => !settled.has(k)).length;
    return { text, parsed, planned: planned.size, pending };
  }

  /** Distinct (chat, text) pairs the stand-in received: what the groups really have. */
  function delivered(): number {
    return new Set(api.sent.map((m) => `${m.chatId}\n${m.text ?? ""}`)).size;
  }

  /** Calls `fire` on every change the kernel reports under `dir` for names matching `name`. */
  function onChange(dir: string, name: RegExp, fire: () => void): void {
    watchers.push(
      watch(dir, (_event, file) => {
        if (file && name.test(file)) fire();
      }),
    );
  }

  it(`kill -9 ${KILLS} times during one push: nothing lost, at most one duplicate per chat per kill, store and ledger valid`, async () => {
    const seed = Number(process.env.PAPERBOY_TORTURE_SEED) || Date.now() % 2 ** 31;
    console.log(`crash torture seed ${seed} (replay: PAPERBOY_TORTURE_SEED=${seed})`);
    const random = seededRandom(seed);
    const started = performance.now();

    const store = await openStore(dataDir, { log: pino({ level: "silent" }) });
    await store.putIssue(testIssue(DATE));
    for (const g of GROUPS)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });
    await store.close();
    // Watched from the start; the bot creates it the same way (mkdir -p, 0700).
    await mkdir(ledgerDir(dataDir), { recursive: true, mode: 0o700 });

    // Kill triggers: listeners are armed per run and fire once.
    let ledgerListener: (() => void) | undefined;
    let storeListener: (() => void) | undefined;
    onChange(ledgerDir(dataDir), new RegExp(`^${ISSUE_ID}\\.jsonl$`), () => ledgerListener?.());
    onChange(dataDir, /^\.?paperboy\.json(\.tmp)?$/, () => storeListener?.());

    const env = {
      PAPERBOY_DESK: "off",
      // A kill mid-write leaves the store's lock behind; the next start breaks it once this stale.
      PAPERBOY_STORE_LOCK_STALE_SECONDS: "2",
      PAPERBOY_TZ: "Asia/Shanghai",
      TELEGRAM_GLOBAL_PER_SECOND: String(LIMITS.globalPerSecond),
      TELEGRAM_GROUP_PER_MINUTE: String(LIMITS.groupPerMinute),
      TELEGRAM_CHAT_PER_SECOND: String(LIMITS.chatPerSecond),
    };
    /** Index into api.sent where each run began: a message belongs to the run that sent it. */
    const runStarts: number[] = [];
    const kills: { point: KillPoint; delayMs: number; sentBefore: number; planned: number; ms: number }[] =
      [];

    async function launch(): Promise<BotProcess> {
      const before = await ledgerState();
      runStarts.push(api.sent.length);
      const bot = startBot(api, dataDir, env);
      bots.push(bot);
      // With no plan on disk the bot has nothing to resume: ask for the push as the operator would
      // (`paperboy push` through the control socket). With one, the bot resumes it on its own.
      if (before.planned === 0) {
        clis.push(
          bot
            .waitForLog("control socket listening")
            .then(() =>
              runCli(["push", DATE], {
                env: cleanEnv({ PAPERBOY_DATA_DIR: dataDir, PAPERBOY_TZ: "Asia/Shanghai" }),
              }),
            )
            .catch(() => undefined),
        );
      }
      return bot;
    }

    for (let i = 0; i < KILLS; i++) {
      const remaining = TOTAL - delivered();
      const before = await ledgerState();
      // Always keep messages for the kills still to come, so every kill lands inside the push.
      const spare = remaining - (KILLS - i);
      const roll = random();
      const point: KillPoint =
        before.planned === 0 || roll < 0.3
          ? "ledger write"
          : roll < 0.65 || spare < 2
            ? "store write"
            : "sent";
      const nth = 1 + Math.floor(random() * 3);
      const delayMs = point === "sent" ? Math.floor(random() * 25) : Math.floor(random() * 4);
      const t0 = performance.now();
      const bot = await launch();
      const sentBefore = api.sent.length;
      await new Promise<void>((resolve, reject) => {
        let seen = 0;
        let fired = false;
        const fire = () => {
          fired = true;
          ledgerListener = storeListener = undefined;
          unsubscribe();
          if (delayMs === 0) bot.child.kill("SIGKILL");
          else setTimeout(() => bot.child.kill("SIGKILL"), delayMs);
          resolve();
        };
        const unsubscribe = api.onEvent((e) => {
          // The fallback of every kill point: the push moved on by a message (or `nth` for "sent").
          const need = point === "sent" ? Math.min(nth, Math.max(1, spare)) : 1 + nth;
          if (e.kind === "sent" && api.sent.length >= sentBefore + need) fire();
        });
        if (point === "ledger write") ledgerListener = fire;
        if (point === "store write")
          storeListener = () => {
            if (++seen >= nth) fire();
          };
        void bot.exited.then(() => {
          if (!fired) reject(new Error(`bot exited by itself:\n${bot.stderr()}`));
        });
      });
      const { signal } = await bot.exited;
      expect(signal).toBe("SIGKILL");
      kills.push({
        point,
        delayMs,
        sentBefore,
        planned: before.planned,
        ms: Math.round(performance.now() - t0),
      });
      // Still inside the push: something was left to send when the bot died.
      const after = await ledgerState();
      expect(after.planned === 0 || after.pending > 0 || delivered() < TOTAL).toBe(true);
    }

    // The last run goes to the end undisturbed.
    const last = await launch();
    if ((await ledgerState()).pending > 0 || delivered() < TOTAL) await last.waitForLog("push over", 60_000);
    // Up before it is stopped: a SIGTERM that lands before Node has run a line of the bot kills it
    // by signal (nothing to check then), and the last kill may have come after the last send.
    else await last.waitForLog("control socket listening", 60_000);
    last.child.kill("SIGTERM");
    expect((await last.exited).code).toBe(0);

    // Nothing lost: every group has every section, in order.
    const duplicatesPerRun = new Map<string, number>();
    let duplicates = 0;
    for (const g of GROUPS) {
      const texts: string[] = [];
      api.sent.forEach((m, index) => {
        if (Number(m.chatId) !== g) return;
        const text = m.text ?? "";
        if (texts.includes(text)) {
          // A repeat is the message the previous run had in flight when it was killed.
          expect(text).toBe(texts[texts.length - 1]);
          const run = runStarts.filter((s) => s <= index).length - 1;
          const key = `${g}@${run}`;
          duplicatesPerRun.set(key, (duplicatesPerRun.get(key) ?? 0) + 1);
          duplicates++;
        } else texts.push(text);
      });
      expect(texts).toHaveLength(ORDER.length);
      ORDER.forEach((title, i) => {
        expect(texts[i]).toContain(title);
      });
    }
    // At most one duplicate per chat per kill.
    for (const n of duplicatesPerRun.values()) expect(n).toBe(1);
    expect(duplicates).toBeLessThanOrEqual(KILLS * GROUPS.length);
    expect(api.sent.length).toBe(TOTAL + duplicates);
    expect(api.stats().tooManyRequests).toBe(0);

    // The ledger: every line whole JSON (a torn tail is all a crash may leave), nothing pending.
    const ledger = await ledgerState();
    expect(ledger.parsed.torn).toBe(ledger.parsed.tornTail ? 1 : 0);
    expect(ledger.planned).toBe(TOTAL);
    expect(ledger.pending).toBe(0);
    const lines = ledger.text.split("\n");
    for (const line of lines.slice(0, -1)) expect(() => JSON.parse(line)).not.toThrow();

    // The store: the file parses, and the bot's own store opens it and knows the push.
    JSON.parse(await readFile(mainFile(), "utf8"));
    const reopened = await openStore(dataDir, { log: pino({ level: "silent" }) });
    try {
      const issue = (await reopened.listIssues()).find((s) => s.date === DATE);
      expect(issue?.pushedAt).toBeTruthy();
      expect(await reopened.listChats()).toHaveLength(GROUPS.length);
    } finally {
      await reopened.close();
    }

    const byPoint = kills.reduce<Record<string, number>>((acc, k) => {
      acc[k.point] = (acc[k.point] ?? 0) + 1;
      return acc;
    }, {});
    console.log(
      `crash torture: seed ${seed}, ${kills.length} kills (${JSON.stringify(byPoint)}, ` +
        `${kills.filter((k) => k.planned === 0).length} before the plan was on disk), ` +
        `${JSON.stringify(kills.map((k) => [k.point, k.ms]))} ${duplicates} duplicates in ${api.sent.length} messages, ${Math.round(performance.now() - started)} ms`,
    );
  }, 150_000);
});

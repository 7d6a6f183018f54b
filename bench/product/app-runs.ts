/**
 * The product benchmark's start-up, reply and CLI runs, each beside a bare telegraf bot in the same
 * run on the same stand-in:
 *   start-up   process start to the first getUpdates, on a data dir with 365 issues and 10,000 chats;
 *   idle RSS   the bot's resident memory once it polls with that store;
 *   replies    median time from a reader's `/section crossborder` to the reply, 8 readers taking turns;
 *   CLI        `status`, `import --dry-run` and `push` (answered by the running bot) on that store.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTelegramApi, type TelegramApi } from "../../tests/support/telegram-api/server.ts";
import { writeBigStore } from "./big-store.ts";
import { benchNewsletter, writeNewsletter } from "./newsletter.ts";
import { CLI, median, memoryMB, runCli, spawnNode, stop } from "./procs.ts";

const BARE = path.join(import.meta.dirname, "bare-bot.js");
/** Replies are timed, not throttled: limits high enough that no reader waits for its 1/s. */
export const OPEN_LIMITS = { globalPerSecond: 100_000, groupPerMinute: 100_000, chatPerSecond: 100_000 };

export interface AppResult {
  startMs: { paperboy: number; bare: number };
  idleRssMB: { paperboy: number; bare: number };
  replyMs: { paperboy: number; bare: number; samples: number };
  coldReplyMs: { paperboy: number; bare: number };
  /** Steady state too, each request sent once the bot polls again (nothing else in hand). */
  idleReplyMs: { paperboy: number; bare: number };
  cliMs: Record<string, number>;
}

export function botEnv(api: TelegramApi, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PAPERBOY_DATA_DIR: dataDir,
    PAPERBOY_LOG_LEVEL: "warn",
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_GLOBAL_PER_SECOND: String(OPEN_LIMITS.globalPerSecond),
    TELEGRAM_GROUP_PER_MINUTE: String(OPEN_LIMITS.groupPerMinute),
    TELEGRAM_CHAT_PER_SECOND: String(OPEN_LIMITS.chatPerSecond),
    BENCH_TOKEN: api.token,
    BENCH_URL: api.url,
  };
}

/** Starts a bot and resolves when it first polls: the time that took and the running child. */
async function startTimed(api: TelegramApi, args: string[], env: NodeJS.ProcessEnv) {
  const since = api.mark();
  const t0 = performance.now();
  const child = spawnNode(args, env);
  child.stdout?.resume();
  child.stderr?.resume();
  await api.waitFor((e) => e.kind === "poll", 60_000, since);
  return { ms: performance.now() - t0, child };
}

/** A reader's `/section crossborder` to a bot; resolves with the reply as the stand-in got it. */
function askSection(api: TelegramApi, reader: number) {
  const since = api.mark();
  api.pushUpdate(api.textMessage({ chat: reader, from: reader, text: "/section crossborder" }));
  return api.waitForSent((m) => m.chatId === reader, 60_000, since);
}

/**
 * One reader's `/section crossborder` to a bot, until its reply reaches the stand-in: ms. `idle`:
 * asked only once the bot's long poll is parked again (a reader who writes while the bot has nothing
 * to do), instead of the moment the previous reply arrived (readers taking turns back to back).
 */
export async function replyTime(api: TelegramApi, reader: number, idle = false): Promise<number> {
  if (idle) await api.whenPolling();
  const t0 = performance.now();
  await askSection(api, reader);
  return performance.now() - t0;
}

/** paperboy's reply to `/section crossborder` as sent, for the bare bot to send the same bytes. */
async function replyText(api: TelegramApi, reader: number): Promise<string> {
  return (await askSection(api, reader)).text ?? "";
}

/**
 * Requests between the cold and the steady measurement, each from a reader of its own (the flood
 * gate allows a sender 20 commands a minute): perf showed both bots still compiling (TurboFan)
 * and running baseline code through the first few hundred replies, ours with more code on the path.
 */
const WARM_UP = 2000;
/** Requests right after start, per bot: the cold measurement (the same 8 readers throughout). */
export const COLD_ROUNDS = 128;

/** `rounds` requests per bot, 8 readers taking turns (`first` the first reader's id), the bots asked alternately. */
async function interleavedRounds(
  bots: { paperboy: TelegramApi; bare: TelegramApi },
  rounds: number,
  first: number,
  idle = false,
): Promise<{ paperboy: number; bare: number }> {
  const times = { paperboy: [] as number[], bare: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    // 8 readers taking turns; a fresh 8 every 128 rounds (16 each: under the flood gate's 20 a minute).
    const reader = first + Math.floor(i / 128) * 8 + (i % 8);
    const order = i % 2 ? (["bare", "paperboy"] as const) : (["paperboy", "bare"] as const);
    for (const bot of order) times[bot].push(await replyTime(bots[bot], reader, idle));
  }
  return { paperboy: median(times.paperboy), bare: median(times.bare) };
}

/**
 * Median reply times of both bots, interleaved (one request to one bot, then one to the other, the
 * first of each pair alternating, so both are measured through the same moments of the machine's
 * load, which moved a median by ±30% between two back-to-back runs of one bot): `cold` right after
 * start, `steady` after WARM_UP more requests, what a bot that runs for days answers in.
 */
async function interleavedReplyTimes(bots: { paperboy: TelegramApi; bare: TelegramApi }, rounds: number) {
  const cold = await interleavedRounds(bots, COLD_ROUNDS, 880_000);
  for (let i = 0; i < WARM_UP; i++) {
    await replyTime(bots.paperboy, 800_000 + i);
    await replyTime(bots.bare, 800_000 + i);
  }
  const steady = await interleavedRounds(bots, rounds, 890_000);
  const idle = await interleavedRounds(bots, rounds, 895_000, true);
  return { cold, steady, idle };
}

export async function appRuns(opts: { starts: number; replies: number }): Promise<AppResult> {
  const api = await startTelegramApi({ limits: OPEN_LIMITS });
  // The bare bot's own stand-in while the two answer readers side by side.
  const bareApi = await startTelegramApi({ limits: OPEN_LIMITS });
  const work = await mkdtemp(path.join(tmpdir(), "paperboy-bench-app-"));
  const dataDir = path.join(work, "data");
  try {
    const file = await writeNewsletter(dataDir, work, benchNewsletter(1));
    await writeBigStore(dataDir, file, 365, 10_000);
    const env = botEnv(api, dataDir);
    const starts = { paperboy: [] as number[], bare: [] as number[] };
    const rss = { paperboy: 0, bare: 0 };
    const cliMs: Record<string, number[]> = { status: [], "import --dry-run": [], push: [] };
    const none = { paperboy: 0, bare: 0 };
    let replies = { cold: none, steady: none, idle: none };
    for (let i = 0; i < opts.starts; i++) {
      // Alternating, so that the machine's load weighs on both alike.
      const bare = await startTimed(api, [BARE], env);
      starts.bare.push(bare.ms);
      if (i === 0) rss.bare = memoryMB(bare.child.pid as number).rss;
      await stop(bare.child);
      // A copy of the store for each start: what one start writes never helps the next.
      const dir = path.join(work, `start-${i}`);
      await cp(dataDir, dir, { recursive: true });
      const pb = await startTimed(api, [CLI, "start"], { ...env, PAPERBOY_DATA_DIR: dir });
      starts.paperboy.push(pb.ms);
      if (i === 0) {
        // Settled: the start's garbage collected, the ledger scan and schedule catch-up done.
        await new Promise((r) => setTimeout(r, 2000));
        rss.paperboy = memoryMB(pb.child.pid as number).rss;
        const reply = await replyText(api, 879_999);
        const bareEnv = { ...botEnv(bareApi, dataDir), BENCH_REPLY: reply };
        const bareForReplies = await startTimed(bareApi, [BARE], bareEnv);
        replies = await interleavedReplyTimes({ paperboy: api, bare: bareApi }, opts.replies);
        await stop(bareForReplies.child);
        const cliEnv = { ...env, PAPERBOY_DATA_DIR: dir };
        for (let k = 0; k < 3; k++) {
          cliMs.status?.push((await runCli(["status"], cliEnv)).ms);
          cliMs["import --dry-run"]?.push((await runCli(["import", file, "--dry-run"], cliEnv)).ms);
          // A date without an issue: the bot answers at once and nothing is sent.
          cliMs.push?.push((await runCli(["push", "2000-01-01"], cliEnv)).ms);
        }
      }
      await stop(pb.child);
    }
    return {
      startMs: { paperboy: median(starts.paperboy), bare: median(starts.bare) },
      idleRssMB: rss,
      replyMs: { ...replies.steady, samples: opts.replies },
      coldReplyMs: replies.cold,
      idleReplyMs: replies.idle,
      cliMs: Object.fromEntries(Object.entries(cliMs).map(([k, v]) => [k, median(v)])),
    };
  } finally {
    await api.stop();
    await bareApi.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * One benchmark run in its own process: the real Telegram adapter (telegraf) pushing the bench
 * issue to BENCH_GROUPS groups, either through paperboy's delivery (BENCH_MODE=paperboy) or with a
 * naive loop that sends everything in order without a limiter or retries (BENCH_MODE=naive).
 * Prints one JSON line: counts, duration, peak RSS and ledger bookkeeping.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig, platformConfig } from "../src/config.ts";
import { createDelivery } from "../src/delivery/index.ts";
import { HEADLINES, issueRenderer } from "../src/delivery/planner.ts";
import { telegram } from "../src/platforms/telegram/descriptor.ts";
import { createTelegramAdapter } from "../src/platforms/telegram/index.ts";
import { MemoryStore } from "../src/store/memory.ts";
import { benchIssue } from "./issue.ts";

const env = process.env;
const groups = Number(env.BENCH_GROUPS);
const firstId = Number(env.BENCH_FIRST_ID);
const limits = JSON.parse(env.BENCH_LIMITS ?? "{}") as Record<string, number>;
const dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-bench-"));
const log = pino({ level: env.BENCH_LOG_LEVEL ?? "silent" }, pino.destination(2));
const config = loadConfig({
  PAPERBOY_DATA_DIR: dataDir,
  TELEGRAM_BOT_TOKEN: env.BENCH_TOKEN,
  TELEGRAM_API_ROOT: env.BENCH_URL,
  TELEGRAM_GLOBAL_PER_SECOND: String(limits.globalPerSecond),
  TELEGRAM_GROUP_PER_MINUTE: String(limits.groupPerMinute),
  TELEGRAM_CHAT_PER_SECOND: String(limits.chatPerSecond),
});
const tg = platformConfig(config, telegram);
const adapter = createTelegramAdapter({
  token: tg?.token ?? "",
  apiRoot: tg?.apiRoot ?? "",
  limits: tg,
  log,
});
const store = new MemoryStore();
const date = "2026-01-08";
const issue = benchIssue(date);
await store.putIssue(issue);
const chatIds = Array.from({ length: groups }, (_, i) => `telegram:${firstId - i}`);
for (const id of chatIds) await store.upsertChat({ id, platform: "telegram", kind: "group" });

const profiler = env.BENCH_CPU_PROF ? await startProfile() : undefined;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let result: Record<string, unknown>;
if (env.BENCH_MODE === "naive") {
  // What a broadcast bot without a limiter does: every part to every chat, as fast as it goes.
  const render = issueRenderer(issue, new Map([["telegram", adapter]]), config);
  const chats = await store.listChats();
  let sent = 0;
  let failed = 0;
  for (const chat of chats) {
    for (const key of [HEADLINES, ...issue.sections.map((s) => s.key)]) {
      for (const part of render(chat, key)) {
        try {
          await adapter.send(chat.id, part);
          sent++;
        } catch {
          failed++;
        }
      }
    }
  }
  result = { sent, failed };
} else {
  const delivery = createDelivery({
    store,
    adapters: [adapter],
    config,
    log,
    control: false,
    schedule: false,
  });
  let maxInFlight = 0;
  const limiter = delivery.dispatcher.limiter("telegram");
  const sampler = setInterval(() => {
    maxInFlight = Math.max(maxInFlight, limiter?.stats.inFlight ?? 0);
  }, 5);
  const report = await delivery.runPush({ date, requestedBy: "bench" });
  clearInterval(sampler);
  await delivery.stop();
  result = {
    sent: report.messages.sent,
    failed: report.messages.failed,
    pending: report.messages.pending,
    ledger: report.ledger,
    maxInFlight,
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    liveAfterGcMB: (() => {
      (globalThis as { gc?: () => void }).gc?.();
      return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    })(),
  };
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await profiler?.(path.join(env.BENCH_CPU_PROF ?? "", `bot-${env.BENCH_MODE}-${groups}.cpuprofile`));
/** The bot's CPU use during the push, in % of one core: near 100 means the bot itself is the bottleneck. */
const cpuPct = Math.round(((cpu.user + cpu.system) / 1000 / ms) * 100);
await rm(dataDir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ ...result, ms, cpuPct, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);

/**
 * BENCH_CPU_PROF=<dir>: a V8 CPU profile of the push alone (startup excluded), for Chrome DevTools.
 * Started from inside because a `--cpu-prof` profile is lost when the runner ends the process.
 */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 500 });
  await post("Profiler.start");
  return async (file) => {
    const { profile } = (await post("Profiler.stop")) as { profile: unknown };
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}

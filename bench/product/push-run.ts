/**
 * One push of the product benchmark: a bot process (paperboy start on the file store, or a peer)
 * on a fresh stand-in enforcing Telegram's limits × scale with 3% 5xx; groups join through
 * `my_chat_member`; some are then kicked or migrated behind the bot's back; the admin sends /push.
 * Counted at the stand-in from the /push on: accepted sends per second, 429s, lost and duplicated.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../../src/config.ts";
import { HEADLINES, issueRenderer } from "../../src/delivery/planner.ts";
import type { Chat } from "../../src/domain/chat.ts";
import { loadIssueFile } from "../../src/ingest/index.ts";
import { createTelegramAdapter } from "../../src/platforms/telegram/index.ts";
import { seededRandom } from "../../tests/support/random.ts";
import { startTelegramApi } from "../../tests/support/telegram-api/server.ts";
import { BENCH_DATE, benchImageFile, benchNewsletter, writeNewsletter } from "./newsletter.ts";
import { CLI, cpuSeconds, memoryMB, runCli, spawnNode, stop } from "./procs.ts";
import { summarizeTrace, TraceLog } from "./send-trace.ts";

export type Mode = "paperboy" | "grammy" | "naive";
export const ADMIN = 777_000_001;
const BASE = { globalPerSecond: 30, groupPerMinute: 20, chatPerSecond: 1 };
/** Telegram's account-wide limit for paid broadcasts (allow_paid_broadcast). */
const PAID_PER_SECOND = 1000;

export interface PushResult {
  mode: Mode;
  groups: number;
  scale: number;
  unresolvable: number;
  allowed: number;
  /** TELEGRAM_PAID_BROADCAST=true: the allowed rate is the paid 1,000/s. */
  paid: boolean;
  expected: number;
  accepted: number;
  seconds: number;
  ratio: number;
  histogram: number[];
  tooMany: number;
  serverErrors: number;
  lost: number;
  duplicated: number;
  peakRssMB: number;
  cpuPct: number;
  /** BENCH_TRACE=1 (paperboy only): where the time went, from the bot's trace log. */
  trace?: string;
}

/** The parts paperboy renders for a group, as files the peers can send (unresolvable images left out). */
async function peerParts(dataDir: string, file: string) {
  const issue = await loadIssueFile(file, { tz: "Asia/Shanghai" });
  const log = pino({ level: "silent" });
  const adapter = createTelegramAdapter({ token: "0:x", apiRoot: "http://127.0.0.1:9", log, dataDir });
  const render = issueRenderer(
    issue,
    new Map([["telegram", adapter]]),
    loadConfig({ PAPERBOY_DATA_DIR: dataDir }),
  );
  const chat = { id: "telegram:-1", platform: "telegram", kind: "group" } as Chat;
  const out: unknown[] = [];
  for (const key of [HEADLINES, ...issue.sections.map((s) => s.key)]) {
    for (const p of render(chat, key)) {
      if (p.type === "text") out.push({ kind: "text", text: p.text, html: p.format === "html" });
      else {
        const f = benchImageFile(dataDir, p.src);
        // By URL: grammY's multipart uploads do not parse in the stand-in. That spares the peers the
        // upload paperboy makes, an advantage to them.
        if (existsSync(f)) out.push({ kind: "photo", url: `http://127.0.0.1:9${p.src}`, caption: p.caption });
      }
    }
  }
  return out;
}

export async function pushRun(
  mode: Mode,
  groups: number,
  opts: {
    unresolvable: number;
    seed?: number;
    /** TELEGRAM_PAID_BROADCAST=true (paperboy): the account-wide limit is Telegram's paid 1,000/s. */
    paid?: boolean;
  },
): Promise<PushResult> {
  const scale = groups <= 100 ? 1 : groups / 100;
  const trace = mode === "paperboy" && /^(1|true|yes)$/i.test(process.env.BENCH_TRACE ?? "");
  const traceLog = new TraceLog();
  const limits = {
    globalPerSecond: BASE.globalPerSecond * scale,
    groupPerMinute: BASE.groupPerMinute * scale,
    chatPerSecond: BASE.chatPerSecond * scale,
  };
  // Paid broadcasts lift only the account-wide limit, to Telegram's 1,000 a second (not scaled); the
  // per-chat and per-group limits stay as they are.
  const allowed = opts.paid ? PAID_PER_SECOND : limits.globalPerSecond;
  const api = await startTelegramApi({
    limits: { ...limits, paidGlobalPerSecond: PAID_PER_SECOND },
    serverErrorRate: 0.03,
    random: seededRandom(opts.seed ?? 12),
  });
  const work = await mkdtemp(path.join(tmpdir(), "paperboy-bench-"));
  const dataDir = path.join(work, "data");
  const newsletter = benchNewsletter(opts.unresolvable);
  const file = await writeNewsletter(dataDir, work, newsletter);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PAPERBOY_DATA_DIR: dataDir,
    PAPERBOY_ADMINS: `telegram:${ADMIN}`,
    PAPERBOY_LOG_LEVEL: trace ? "trace" : "warn",
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_GLOBAL_PER_SECOND: String(allowed),
    TELEGRAM_PAID_BROADCAST: opts.paid ? "true" : "false",
    TELEGRAM_GROUP_PER_MINUTE: String(limits.groupPerMinute),
    TELEGRAM_CHAT_PER_SECOND: String(limits.chatPerSecond),
    BENCH_TOKEN: api.token,
    BENCH_URL: api.url,
    BENCH_ADMIN: String(ADMIN),
    BENCH_SCALE: String(scale),
    BENCH_PEER: mode,
  };
  let child: ReturnType<typeof spawnNode> | undefined;
  try {
    if (mode === "paperboy") {
      const imported = await runCli(["import", file], env);
      if (imported.code !== 0) throw new Error(`import failed: ${imported.out}`);
      // BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=…": node flags for the bot alone (profiles of a push).
      const flags = process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
      child = spawnNode([...flags, CLI, "start"], env);
    } else {
      const partsFile = path.join(work, "parts.json");
      await writeFile(partsFile, JSON.stringify(await peerParts(dataDir, file)));
      child = spawnNode(["--import", "tsx", path.join(import.meta.dirname, "peer-bot.ts")], {
        ...env,
        BENCH_PARTS: partsFile,
      });
    }
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      if (trace) traceLog.feed(d);
      if (stderr.length < 20_000) stderr += d;
    });
    child.stdout?.resume();
    await api.waitFor((e) => e.kind === "poll", 60_000);

    // The groups add the bot; paperboy welcomes each, the peers only remember them.
    const ids = Array.from({ length: groups }, (_, i) => -1_000_000_000_000 - i);
    let welcomed = 0;
    const offWelcome = api.onEvent((e) => {
      if (e.kind === "sent" && Number(e.sent.chatId) < 0) welcomed++;
    });
    let last = 0;
    for (const id of ids) {
      last = api.pushUpdate(
        api.myChatMember({
          chat: { id, type: "supergroup", title: `读者群 ${id}` },
          from: ADMIN,
          status: "member",
          oldStatus: "left",
        }),
      ).update_id;
    }
    await api.waitForConfirmed(last, 600_000);
    if (mode === "paperboy") await api.waitFor(() => welcomed >= groups, 600_000);
    offWelcome();

    // Behind the bot's back: 2% kicked, 2% upgraded to supergroups with new ids.
    const every = 50;
    const kicked = new Set(ids.filter((_, i) => i % every === 7));
    const migrated = new Map(ids.filter((_, i) => i % every === 23).map((id) => [id, id - 500_000_000_000]));
    for (const id of kicked) api.kick(id, { notify: false });
    for (const [from, to] of migrated) api.migrate(from, to, { notify: false });

    const perGroup = new Map<number, number>();
    const histogram: number[] = [];
    let tooMany = 0;
    let serverErrors = 0;
    let lastAt = 0;
    let t0 = 0;
    let firstEpoch = 0;
    /** Every accepted send since the /push (admin answers too: they count against the same limit). */
    const stamps: number[] = [];
    let lastEpoch = 0;
    const off = api.onEvent((e) => {
      const t = performance.now();
      if (e.kind === "sent" && t0 > 0) stamps.push(t);
      if (e.kind === "sent" && Number(e.sent.chatId) < 0) {
        lastEpoch = Date.now();
        firstEpoch ||= lastEpoch;
        const id = Number(e.sent.chatId);
        perGroup.set(id, (perGroup.get(id) ?? 0) + 1);
        const s = Math.floor((t - t0) / 1000);
        histogram[s] = (histogram[s] ?? 0) + 1;
        lastAt = t;
      } else if (e.kind === "call" && e.errorCode === 429) tooMany++;
      else if (e.kind === "call" && (e.errorCode ?? 0) >= 500) serverErrors++;
    });
    const pid = child.pid as number;
    const cpu0 = cpuSeconds(pid);
    t0 = performance.now();
    const pushEpoch = Date.now();
    api.pushUpdate(api.textMessage({ chat: ADMIN, from: ADMIN, text: `/push ${BENCH_DATE}` }));
    const perChat = newsletter.present.length + 5;
    const expected = (groups - kicked.size) * perChat;
    const ideal = expected / limits.globalPerSecond;
    await api
      .waitForSent(
        (m) => m.chatId === ADMIN && /推送报告|push done/.test(m.text ?? ""),
        Math.max(120_000, ideal * 10_000),
      )
      .catch((e) => {
        throw new Error(`${mode} did not finish: ${e.message}\n${stderr.slice(-3000)}`);
      });
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(pid) - cpu0;
    const mem = memoryMB(pid);
    off();
    let lost = 0;
    let duplicated = 0;
    for (const id of ids) {
      if (kicked.has(id)) continue;
      const target = migrated.get(id) ?? id;
      const got = perGroup.get(target) ?? 0;
      lost += Math.max(0, perChat - got);
      duplicated += Math.max(0, got - perChat);
    }
    const accepted = [...perGroup.values()].reduce((a, b) => a + b, 0);
    const seconds = (lastAt - t0) / 1000;
    return {
      mode,
      groups,
      scale,
      unresolvable: opts.unresolvable,
      allowed,
      paid: opts.paid === true,
      expected,
      accepted,
      seconds,
      ratio: accepted / seconds / allowed,
      histogram: Array.from(histogram, (n) => n ?? 0),
      tooMany,
      serverErrors,
      lost,
      duplicated,
      peakRssMB: mem.peak,
      cpuPct: Math.round((cpu / wall) * 100),
      trace: trace
        ? summarizeTrace(traceLog, {
            pushAt: pushEpoch,
            firstGroupSendAt: firstEpoch,
            lastGroupSendAt: lastEpoch,
            acceptedAt: stamps,
            limit: allowed,
          })
        : undefined,
    };
  } finally {
    if (child) await stop(child);
    await api.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * `npm run bench`: paperboy's delivery against the local Bot API stand-in, which enforces Telegram's
 * flood limits (30 messages/s per bot, 20/min per group, 1/s per chat), scaled up by the same factor
 * as the number of groups so that each run takes about as long. Each run is two processes (stand-in,
 * bot) so the bot's memory is its own. Prints achieved rate ÷ allowed rate, 429s, lost, duplicated,
 * peak RSS and ledger bookkeeping per message, then a naive loop without a limiter for comparison.
 *
 *   npm run bench                 # 100, 1,000 and 10,000 groups
 *   BENCH_SIZES=100 npm run bench # just one size
 *   BENCH_CPU_PROF=/tmp/prof npm run bench # the bot writes a CPU profile of each push there
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { MESSAGES_PER_GROUP } from "./issue.ts";
import { measureLedger } from "./ledger-cost.ts";

const HERE = import.meta.dirname;
const BASE = { globalPerSecond: 30, groupPerMinute: 20, chatPerSecond: 1 };
const SIZES = (process.env.BENCH_SIZES ?? "100,1000,10000").split(",").map(Number);
const NAIVE = process.env.BENCH_NAIVE !== "0";

function tsx(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(HERE, script)], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
}

/** The lines a child prints, one at a time. */
function lineReader(stream: NodeJS.ReadableStream): () => Promise<string> {
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buf = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buf += chunk;
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  return () => {
    const line = lines.shift();
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
  };
}

interface StandInReport {
  messages: number;
  tooManyRequests: number;
  firstAt: number;
  lastAt: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

async function run(mode: "paperboy" | "naive", groups: number, scale: number) {
  const limits = {
    globalPerSecond: BASE.globalPerSecond * scale,
    groupPerMinute: BASE.groupPerMinute * scale,
    chatPerSecond: BASE.chatPerSecond * scale,
  };
  const firstId = -1_000_000;
  const standIn = tsx("stand-in.ts", { BENCH_LIMITS: JSON.stringify(limits) });
  const standOut = lineReader(standIn.stdout as NodeJS.ReadableStream);
  const { url, token } = JSON.parse(await standOut()) as { url: string; token: string };
  const bot = tsx("push-bot.ts", {
    BENCH_MODE: mode,
    BENCH_GROUPS: String(groups),
    BENCH_FIRST_ID: String(firstId),
    BENCH_LIMITS: JSON.stringify(limits),
    BENCH_URL: url,
    BENCH_TOKEN: token,
  });
  const botOut = lineReader(bot.stdout as NodeJS.ReadableStream);
  const botResult = JSON.parse(await botOut()) as {
    sent: number;
    failed: number;
    ms: number;
    maxRssMB: number;
    cpuPct: number;
    ledger?: { bytes: number; flushMs: number; flushes: number };
  };
  standIn.stdin?.write(`report ${groups} ${MESSAGES_PER_GROUP} ${firstId}\n`);
  const server = JSON.parse(await standOut()) as StandInReport;
  const standInExit = new Promise((r) => standIn.once("exit", r));
  standIn.stdin?.end();
  // Both processes are gone before the next run starts (their CPU would skew it).
  if (bot.exitCode === null && bot.signalCode === null) {
    const botExit = new Promise((r) => bot.once("exit", r));
    bot.kill();
    await botExit;
  }
  await standInExit;
  const achieved = (server.messages - 1) / ((server.lastAt - server.firstAt) / 1000);
  return {
    mode,
    groups,
    scale,
    allowed: limits.globalPerSecond,
    achieved,
    ratio: achieved / limits.globalPerSecond,
    seconds: botResult.ms / 1000,
    ...server,
    maxRssMB: botResult.maxRssMB,
    botCpuPct: botResult.cpuPct,
    ledgerUsPerMsg: botResult.ledger
      ? (botResult.ledger.flushMs * 1000) / Math.max(1, botResult.sent)
      : undefined,
    ledgerBytesPerMsg: botResult.ledger ? botResult.ledger.bytes / Math.max(1, botResult.sent) : undefined,
  };
}

const fmt = (n: number | undefined, d = 2) => (n === undefined || !Number.isFinite(n) ? "-" : n.toFixed(d));
const rows: string[] = [];
const header =
  "| mode | groups | limit ×, msg/s | messages | achieved msg/s | ÷ allowed | 429s | lost | duplicated | bot CPU % | peak RSS MB | ledger write+fsync µs/msg (wall) | ledger B/msg | run s |";
console.log(`paperboy delivery benchmark (${MESSAGES_PER_GROUP} messages per group)\n`);
console.log(header);
console.log(`|${"---|".repeat(14)}`);
for (const groups of SIZES) {
  const scale = Math.max(1, groups / 100);
  const modes: Array<"paperboy" | "naive"> = NAIVE ? ["paperboy", "naive"] : ["paperboy"];
  for (const mode of modes) {
    const r = await run(mode, groups, scale);
    const row = `| ${mode} | ${groups} | ×${scale}, ${r.allowed}/s | ${r.messages} | ${fmt(r.achieved, 1)} | ${fmt(r.ratio)} | ${r.tooManyRequests} | ${r.lost} | ${r.duplicated} | ${r.botCpuPct} | ${r.maxRssMB} | ${fmt(r.ledgerUsPerMsg, 1)} | ${fmt(r.ledgerBytesPerMsg, 0)} | ${fmt(r.seconds, 1)} |`;
    rows.push(row);
    console.log(row);
  }
}

console.log("\nledger bookkeeping alone (plan + mark sent, fsync'd group commits), per message:\n");
console.log("| chats | messages | plan µs/msg | mark µs/msg (wall) | CPU µs/msg | bytes/msg |");
console.log("|---|---|---|---|---|---|");
for (const chats of [100, 1000, 10_000, 100_000]) {
  const c = await measureLedger(chats);
  console.log(
    `| ${c.chats} | ${c.messages} | ${fmt(c.planUsPerMsg, 1)} | ${fmt(c.markUsPerMsg, 1)} | ${fmt(c.cpuUsPerMsg, 1)} | ${fmt(c.bytesPerMsg, 0)} |`,
  );
}

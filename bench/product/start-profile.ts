/**
 * Where a start's time goes: builds the app bench's data dir (365 issues, 10,000 chats), starts
 * `paperboy start` once per extra node flag set (e.g. --cpu-prof) and prints process start → first getUpdates.
 *   node --import tsx bench/product/start-profile.ts [runs] [-- node flags...]
 */

import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTelegramApi } from "../../tests/support/telegram-api/server.ts";
import { botEnv, OPEN_LIMITS, replyTime } from "./app-runs.ts";
import { writeBigStore } from "./big-store.ts";
import { benchNewsletter, writeNewsletter } from "./newsletter.ts";
import { CLI, cpuSeconds, median, memoryMB, REPO, spawnNode, stop } from "./procs.ts";

const runs = Number(process.argv[2] ?? 3);
const dash = process.argv.indexOf("--");
const flags = dash > 0 ? process.argv.slice(dash + 1) : [];
const api = await startTelegramApi({ limits: OPEN_LIMITS });
const work = await mkdtemp(path.join(tmpdir(), "paperboy-startprof-"));
const dataDir = path.join(work, "data");
const file = await writeNewsletter(dataDir, work, benchNewsletter(1));
await writeBigStore(dataDir, file, 365, 10_000);
const times: number[] = [];
const meTimes: number[] = [];
const cpu: number[] = [];
const spawnPerf = (out: string, args: string[], env: NodeJS.ProcessEnv) =>
  spawn("perf", ["stat", "-x,", "-e", "task-clock", "-o", out, process.execPath, ...args], {
    cwd: REPO,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
for (let i = 0; i < runs; i++) {
  const dir = path.join(work, `s${i}`);
  await cp(dataDir, dir, { recursive: true });
  const since = api.mark();
  const t0 = performance.now();
  // PERF=1: CPU time (task-clock, all threads) until the first poll, the process killed there.
  const perfOut = path.join(work, `perf-${i}.txt`);
  const args = process.env.BARE
    ? // BARE=1 profiles the bare bot instead (BARE_FILE=another script: a variant of it).
      [...flags, process.env.BARE_FILE ?? path.join(REPO, "bench/product/bare-bot.js")]
    : [...flags, CLI, "start"];
  // As the app bench: replies timed, not throttled.
  const env = { ...botEnv(api, dir), PAPERBOY_LOG_LEVEL: process.env.LOG ?? "warn" };
  const child = process.env.PERF ? spawnPerf(perfOut, args, env) : spawnNode(args, env);
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
  const getMe = api
    .waitFor((e) => e.kind === "call" && e.method === "getMe", 60_000, since)
    .then(() => performance.now() - t0);
  await api.waitFor((e) => e.kind === "poll", 60_000, since);
  meTimes.push(await getMe);
  if (process.env.PERF) {
    execFileSync("pkill", ["-KILL", "-P", String(child.pid)]);
    await new Promise((r) => child.once("exit", r));
    const ms = Number(/([\d.]+),msec,task-clock/.exec(readFileSync(perfOut, "utf8"))?.[1]);
    cpu.push(ms);
    continue;
  }
  const ms = performance.now() - t0;
  times.push(ms);
  await new Promise((r) => setTimeout(r, Number(process.env.SETTLE_MS ?? 0)));
  // REPLIES=n: n `/section crossborder` round trips (READERS readers taking turns: the flood
  // gate lets a sender have 20 commands a minute), for a profile of replies.
  for (let k = 0; k < Number(process.env.WARM ?? 0); k++) await replyTime(api, 870_000 + k);
  // PERF_RECORD=file: perf samples of the bot (every thread, kernel included) during the timed replies.
  // ATTACH="strace -c -f -o out -p {pid}": any other tool attached to the bot for the timed replies.
  const attach = process.env.PERF_RECORD
    ? `perf record -e cpu-clock -F 4000 -p {pid} -o ${process.env.PERF_RECORD}`
    : process.env.ATTACH;
  const [tool, ...toolArgs] = attach?.replaceAll("{pid}", String(child.pid)).split(" ") ?? [];
  const recorder = tool ? spawn(tool, toolArgs, { stdio: "ignore" }) : undefined;
  if (recorder) await new Promise((r) => setTimeout(r, 300));
  const replyMs: number[] = [];
  const cpu0 = cpuSeconds(child.pid as number);
  for (let k = 0; k < Number(process.env.REPLIES ?? 0); k++)
    replyMs.push(await replyTime(api, 880_000 + (k % Number(process.env.READERS ?? 8))));
  if (recorder) {
    recorder.kill("SIGINT");
    await new Promise((r) => recorder.once("exit", r));
  }
  if (replyMs.length) {
    const cpuMs = (cpuSeconds(child.pid as number) - cpu0) * 1000;
    console.log(
      JSON.stringify(api.stats().accepted),
      `bot CPU per reply ${(cpuMs / replyMs.length).toFixed(2)} ms`,
    );
    console.log(`reply median ${median(replyMs).toFixed(2)} ms over ${replyMs.length}`);
  }
  const mem = memoryMB(child.pid as number);
  if (process.env.VERBOSE)
    console.log(`start ${i}: ${ms.toFixed(0)} ms to first getUpdates · rss ${mem.rss} MB (peak ${mem.peak})`);
  await stop(child);
}
await api.stop();
if (cpu.length)
  console.log(`CPU to first poll: median ${median(cpu).toFixed(0)} ms, min ${Math.min(...cpu).toFixed(0)}`);
console.log(`getMe answered: median ${median(meTimes).toFixed(0)} ms`);
if (times.length)
  console.log(`median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms over ${runs}`);
console.log(`data: ${work}`);

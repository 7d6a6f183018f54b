/**
 * `npm run bench`: the product benchmark. paperboy runs as users run it (`paperboy start` as its own
 * process, the file store, an issue imported in the editors' text format with images), beside grammY
 * with its throttler and auto-retry (best peer practice) and a naive loop, on the Bot API stand-in
 * enforcing 30/s per bot, 20/min per group and 1/s per chat (× the size's scale) with 3% 5xx and
 * kicked and migrated groups. Then start-up, idle memory, reply time and CLI latency against a bare
 * telegraf bot. Every figure is a ratio measured in one run, so the machine's load weighs on both sides.
 *
 *   npm run bench                       # 60 and 1,000 groups, then start-up/replies/CLI
 *   npm run bench -- 60,1000,10000      # sizes (groups); the scale is groups / 100 (at least 1)
 *   BENCH_PARTS=push npm run bench      # push runs only (or BENCH_PARTS=app)
 *   BENCH_BOTS=paperboy                 # only these bots (paperboy,grammy,naive)
 *   BENCH_TRACE=1                       # where paperboy's push time went (ramp, round trips, lateness)
 * The paid-broadcast row (TELEGRAM_PAID_BROADCAST=true, 1,000/s) runs at 1,000 groups and more.
 *   npm run bench:profile               # the in-process delivery bench (BENCH_CPU_PROF for profiles)
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { appRuns, COLD_ROUNDS } from "./app-runs.ts";
import { type Mode, type PushResult, pushRun } from "./push-run.ts";

const sizes = (process.argv[2] ?? process.env.BENCH_SIZES ?? "60,1000").split(",").map(Number);
const parts = process.env.BENCH_PARTS ?? "push,app";
// What `npm install` does: measure the build users run, never a stale one (that falls back to tsx).
execFileSync(process.execPath, [path.join(import.meta.dirname, "../../bin/build.js")], { stdio: "inherit" });
const fmt = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "-");

console.log(
  `paperboy product benchmark · ${new Date().toISOString()} · node ${process.version} · ${cpus().length} cores · load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}\n`,
);

if (parts.includes("push")) {
  const rows: PushResult[] = [];
  console.log(
    "| bot | groups | limit msg/s | unresolvable images | messages | s | achieved ÷ allowed | 429s | 5xx | lost | duplicated | bot CPU % | peak RSS MB |",
  );
  console.log(`|${"---|".repeat(13)}`);
  const runs: Array<{ mode: Mode; unresolvable: number; paid?: boolean }> = [
    { mode: "paperboy", unresolvable: 1 },
    { mode: "paperboy", unresolvable: 0 },
    // TELEGRAM_PAID_BROADCAST=true: 1,000/s account-wide. Only from 1,000 groups on: below that the
    // per-chat limits (60 groups × 1/s) cap a push far under 1,000/s whatever the bot does.
    { mode: "paperboy", unresolvable: 1, paid: true },
    { mode: "grammy", unresolvable: 1 },
    { mode: "naive", unresolvable: 1 },
  ];
  const bots = (process.env.BENCH_BOTS ?? "paperboy,grammy,naive").split(",");
  // For profiling one case: BENCH_PAID=0 leaves out the paid rows, BENCH_UNRESOLVABLE=0|1 picks one issue.
  const paidToo = process.env.BENCH_PAID !== "0";
  const unresolvable = process.env.BENCH_UNRESOLVABLE;
  const wanted = (x: (typeof runs)[number], groups: number) =>
    bots.includes(x.mode) &&
    (!x.paid || (groups >= 1000 && paidToo)) &&
    (unresolvable === undefined || x.unresolvable === Number(unresolvable));
  for (const groups of sizes) {
    for (const r of runs.filter((x) => wanted(x, groups))) {
      let res: PushResult;
      try {
        res = await pushRun(r.mode, groups, { unresolvable: r.unresolvable, paid: r.paid });
      } catch (err) {
        // A peer that never finishes (the naive loop at 1,000 groups) is a result, not the end of the run.
        console.log(
          `| ${r.mode}${r.paid ? " (paid)" : ""} | ${groups} | did not finish: ${String((err as Error).message).split("\n")[0]} |`,
        );
        continue;
      }
      rows.push(res);
      console.log(
        `| ${res.mode}${res.paid ? " (paid)" : ""} | ${groups} | ${res.allowed} | ${res.unresolvable} of 3 | ${res.accepted}/${res.expected} | ${fmt(res.seconds, 1)} | ${fmt(res.ratio)} | ${res.tooMany} | ${res.serverErrors} | ${res.lost} | ${res.duplicated} | ${res.cpuPct} | ${res.peakRssMB} |`,
      );
    }
  }
  console.log("\naccepted sends per second since the /push:\n");
  for (const r of rows)
    console.log(
      `${r.mode}${r.paid ? " (paid)" : ""} ${r.groups} groups, ${r.unresolvable} unresolvable: ${JSON.stringify(r.histogram)}`,
    );
  const traced = rows.filter((r) => r.trace);
  if (traced.length) console.log("\nwhere paperboy's time went (BENCH_TRACE=1):\n");
  for (const r of traced)
    console.log(`paperboy ${r.groups} groups, ${r.unresolvable} unresolvable: ${r.trace}`);
}

if (parts.includes("app")) {
  // Each reader sends at most 16 commands, under the router's flood gate (20 a minute per sender).
  const a = await appRuns({ starts: 5, replies: 512 });
  const ratio = (p: number, b: number) => fmt(p / b);
  console.log(
    "\nstart-up, memory and replies (365 issues and 10,000 chats in the store), against a bare telegraf bot:\n",
  );
  console.log("| measure | paperboy | bare telegraf | ratio |");
  console.log("|---|---|---|---|");
  console.log(
    `| start to first getUpdates, ms (median of 5) | ${fmt(a.startMs.paperboy, 0)} | ${fmt(a.startMs.bare, 0)} | ${ratio(a.startMs.paperboy, a.startMs.bare)} |`,
  );
  console.log(
    `| idle RSS, MB | ${a.idleRssMB.paperboy} | ${a.idleRssMB.bare} | ${ratio(a.idleRssMB.paperboy, a.idleRssMB.bare)} |`,
  );
  console.log(
    `| /section crossborder → reply, ms, steady (median of ${a.replyMs.samples} each after 2,000 more, 8 readers taking turns, the two bots asked alternately, both sending the same text) | ${fmt(a.replyMs.paperboy, 2)} | ${fmt(a.replyMs.bare, 2)} | ${ratio(a.replyMs.paperboy, a.replyMs.bare)} |`,
  );
  console.log(
    `| the same, cold: the first ${COLD_ROUNDS} after start (V8 still compiling both) | ${fmt(a.coldReplyMs.paperboy, 2)} | ${fmt(a.coldReplyMs.bare, 2)} | ${ratio(a.coldReplyMs.paperboy, a.coldReplyMs.bare)} |`,
  );
  console.log(
    `| the same, steady, each asked only once the bot polls again (nothing else in hand) | ${fmt(a.idleReplyMs.paperboy, 2)} | ${fmt(a.idleReplyMs.bare, 2)} | ${ratio(a.idleReplyMs.paperboy, a.idleReplyMs.bare)} |`,
  );
  console.log("\n| CLI command (store above, bot running) | ms (median of 3) |");
  console.log("|---|---|");
  for (const [cmd, ms] of Object.entries(a.cliMs)) console.log(`| paperboy ${cmd} | ${fmt(ms, 0)} |`);
}

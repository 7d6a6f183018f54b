/**
 * BENCH_TRACE=1: where a paperboy push spends its time, from the bot's own trace log (the dispatcher's
 * "send timing" lines at PAPERBOY_LOG_LEVEL=trace) next to what the stand-in saw. Measured, so a
 * change to the limiter or the send path is judged on numbers, not on a guess.
 */

interface SendTiming {
  time: number;
  part: string;
  priority: string;
  grantedAt: number;
  queuedMs: number;
  lateMs: number;
  resumeMs: number;
  rttMs: number;
  outcome: string;
}

/** Collects a child's pino lines (JSON, one per line) as they come. */
export class TraceLog {
  readonly lines: Array<Record<string, unknown>> = [];
  private partial = "";

  feed(chunk: string): void {
    const text = this.partial + chunk;
    const parts = text.split("\n");
    this.partial = parts.pop() ?? "";
    for (const line of parts) {
      if (!line.startsWith("{")) continue;
      try {
        this.lines.push(JSON.parse(line));
      } catch {
        // A line that is not a log record (a stray print) is not part of the trace.
      }
    }
  }
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "-");

/** Accepted sends in each 100 ms of the 1.5 s from `from` (the stand-in's clock). */
function buckets(stamps: number[], from: number): number[] {
  const out = Array.from({ length: 15 }, () => 0);
  for (const t of stamps) {
    const i = Math.floor((t - from) / 100);
    if (i >= 0 && i < out.length) out[i] = (out[i] as number) + 1;
  }
  return out;
}

/**
 * One line per run: the ramp (the admin's /push to the plan on disk and to the first group send's
 * grant), the round trip by part type, grant lateness, and how the last sends trail off.
 */
export function summarizeTrace(
  log: TraceLog,
  at: {
    /** Epoch ms (the bot's log times are epoch ms). */
    pushAt: number;
    firstGroupSendAt: number;
    lastGroupSendAt: number;
    /** The stand-in's clock (ms) of every accepted send since the /push, in order. */
    acceptedAt: number[];
    /** The account's limit per second. */
    limit: number;
  },
): string {
  const pushAtEpochMs = at.pushAt;
  const firstGroupSendAtEpochMs = at.firstGroupSendAt;
  const lastGroupSendAtEpochMs = at.lastGroupSendAt;
  // How long `limit` accepted sends take, stamp to stamp: a full window (1,000 ms) plus what every
  // cycle of a window slot loses (the margin, the round trip, timer lateness).
  const cycle: number[] = [];
  for (let i = at.limit; i < at.acceptedAt.length; i++)
    cycle.push((at.acceptedAt[i] as number) - (at.acceptedAt[i - at.limit] as number));
  const sends = log.lines
    .filter((l) => l.msg === "send timing" && String(l.chatId ?? "").startsWith("telegram:-"))
    .map((l) => l as unknown as SendTiming)
    .filter((s) => s.grantedAt >= pushAtEpochMs);
  const grants = log.lines
    .filter((l) => l.msg === "send timing" && Number(l.grantedAt) >= pushAtEpochMs)
    .map((l) => Number(l.grantedAt))
    .sort((a, b) => a - b);
  const grantCycle: number[] = [];
  for (let i = at.limit; i < grants.length; i++)
    grantCycle.push((grants[i] as number) - (grants[i - at.limit] as number));
  const planned = log.lines.find((l) => l.msg === "push planned" && Number(l.time) >= pushAtEpochMs);
  const firstGrant = Math.min(...sends.map((s) => s.grantedAt));
  const rtt = (part: string) =>
    sends.filter((s) => s.part === part && s.outcome === "ok").map((s) => s.rttMs);
  const text = rtt("text");
  const image = rtt("image");
  const late = sends.map((s) => s.lateMs);
  const resume = sends.map((s) => s.resumeMs);
  const failedChats = new Set(
    log.lines.filter((l) => l.msg === "send timing" && l.outcome !== "ok").map((l) => String(l.chatId)),
  );
  const lastGrants = log.lines
    .filter((l) => l.msg === "send timing" && String(l.chatId ?? "").startsWith("telegram:-"))
    .sort((a, b) => Number(a.grantedAt) - Number(b.grantedAt))
    .slice(-100);
  const tailFailed = lastGrants.filter((l) => failedChats.has(String(l.chatId))).length;
  const out = [
    `/push→planned ${planned ? Number(planned.time) - pushAtEpochMs : "-"} ms`,
    `→first grant ${f(firstGrant - pushAtEpochMs)} ms`,
    `→first accepted ${f(firstGroupSendAtEpochMs - pushAtEpochMs)} ms`,
    `rtt text p50 ${f(quantile(text, 0.5))} p90 ${f(quantile(text, 0.9))} max ${f(Math.max(...text))} ms (${text.length})`,
    `rtt image p50 ${f(quantile(image, 0.5))} p90 ${f(quantile(image, 0.9))} max ${f(Math.max(...image))} ms (${image.length})`,
    `grant late mean ${f(mean(late))} p90 ${f(quantile(late, 0.9))} ms`,
    `grant→send mean ${f(mean(resume))} ms`,
    `failed attempts ${sends.filter((s) => s.outcome !== "ok").length}`,
    `${at.limit} grants span p10 ${f(quantile(grantCycle, 0.1))} p50 ${f(quantile(grantCycle, 0.5))} p90 ${f(quantile(grantCycle, 0.9))} ms`,
    `${at.limit} accepted sends span p10 ${f(quantile(cycle, 0.1))} p50 ${f(quantile(cycle, 0.5))} p90 ${f(quantile(cycle, 0.9))} ms`,
    `last accepted at ${f((lastGroupSendAtEpochMs - pushAtEpochMs) / 1000)} s`,
    `first 1.5 s per 100 ms ${JSON.stringify(buckets(at.acceptedAt, at.acceptedAt[0] ?? 0))}`,
    `last 100 grants: ${tailFailed} to chats with a failed attempt (of ${failedChats.size} such chats)`,
    `last 1.5 s per 100 ms ${JSON.stringify(buckets(at.acceptedAt, (at.acceptedAt.at(-1) ?? 0) - 1500))}`,
  ];
  return out.join(" · ");
}

/**
 * The Telegram stand-in in its own process (so the bot's CPU and memory are measured alone).
 * Prints `{ url, token }`, then answers `report <chats> <perChat> <firstChatId>` lines on stdin with
 * what it accepted: messages, 429s, first/last accept times, lost and duplicated per chat.
 */
import { createInterface } from "node:readline";
import { startTelegramApi } from "../tests/support/telegram-api/server.ts";

const limits = JSON.parse(process.env.BENCH_LIMITS ?? "{}");
const api = await startTelegramApi({ limits });
let first = Number.POSITIVE_INFINITY;
let last = 0;
let tooMany = 0;
const cpu0 = process.cpuUsage();
// The stand-in has no listener API beyond waitFor: a predicate that never matches sees every event.
void api
  .waitFor((e) => {
    const t = performance.now();
    if (e.kind === "sent") {
      first = Math.min(first, t);
      last = t;
    } else if (e.kind === "call" && e.errorCode === 429) tooMany++;
    return false;
  }, 2_000_000_000)
  .catch(() => {});
process.stdout.write(`${JSON.stringify({ url: api.url, token: api.token })}\n`);

const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const [cmd, chats, perChat, firstId] = line.split(" ");
  if (cmd !== "report") return;
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (let i = 0; i < Number(chats); i++) {
    const sent = api.sentTo(Number(firstId) - i);
    lost += Math.max(0, Number(perChat) - sent.length);
    duplicated += Math.max(0, sent.length - Number(perChat));
    // Parts carry their section heading; the lead first, the editorial last.
    if (sent.length > 0 && !(sent[0]?.text ?? "").includes("老高电商快报")) outOfOrder++;
  }
  process.stdout.write(
    `${JSON.stringify({
      cpuSec: (() => {
        const c = process.cpuUsage(cpu0);
        return (c.user + c.system) / 1e6;
      })(),
      messages: api.sent.length,
      tooManyRequests: tooMany,
      firstAt: first,
      lastAt: last,
      lost,
      duplicated,
      outOfOrder,
    })}\n`,
  );
});
// The waitFor above holds a long timer: leave explicitly once the benchmark hangs up.
rl.on("close", () => void api.stop().finally(() => process.exit(0)));

/**
 * How fast the stand-in accepts messages through the real telegraf client (limits off), so a
 * benchmark knows the stand-in is not its bottleneck. Run: `npx tsx tests/support/telegram-api/throughput.ts [n]`.
 */
import { Telegram } from "telegraf";
import { startTelegramApi } from "./server.ts";

const n = Number(process.argv[2] ?? 5000);
const api = await startTelegramApi({ limits: false });
const tg = new Telegram(api.token, { apiRoot: api.url });
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (next < n) {
      const k = next++;
      await tg.sendMessage(-100000 - (k % 500), `<b>item ${k}</b> &amp; ${"x".repeat(500)}`, {
        parse_mode: "HTML",
      });
    }
  }),
);
const ms = performance.now() - started;
console.log(`${n} sendMessage in ${ms.toFixed(0)} ms: ${((n / ms) * 1000).toFixed(0)} messages/s accepted`);
await api.stop();

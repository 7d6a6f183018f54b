/**
 * The peers of the product benchmark, each a bot process of its own on the same stand-in:
 *   BENCH_PEER=grammy  grammY with @grammyjs/transformer-throttler and @grammyjs/auto-retry, the
 *                      best practice its docs recommend for broadcasts: every chat at once, the
 *                      throttler decides who goes when, auto-retry waits out 429s and 5xx.
 *   BENCH_PEER=naive   the same client without either: one chat after the other, errors logged.
 * Both learn their groups from `my_chat_member` and push the parts in BENCH_PARTS (what paperboy
 * renders for a group, images it cannot resolve already left out) when the admin sends /push, then
 * tell the admin "push done". A kicked group (403) is dropped; a migrated one is followed once.
 */
import { readFile } from "node:fs/promises";
import { autoRetry } from "@grammyjs/auto-retry";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, GrammyError } from "grammy";

type Part = { kind: "text"; text: string; html: boolean } | { kind: "photo"; url: string; caption?: string };

const env = process.env;
const parts = JSON.parse(await readFile(env.BENCH_PARTS ?? "", "utf8")) as Part[];
const admin = Number(env.BENCH_ADMIN);
const bot = new Bot(env.BENCH_TOKEN ?? "", { client: { apiRoot: env.BENCH_URL } });
if (env.BENCH_PEER === "grammy") {
  const scale = Number(env.BENCH_SCALE ?? 1);
  // The throttler's own defaults (Telegram's limits), scaled like the stand-in's.
  bot.api.config.use(
    apiThrottler({
      global: { reservoir: 30 * scale, reservoirRefreshAmount: 30 * scale, reservoirRefreshInterval: 1000 },
      group: {
        maxConcurrent: 1,
        minTime: 1000 / scale,
        reservoir: 20 * scale,
        reservoirRefreshAmount: 20 * scale,
        reservoirRefreshInterval: 60_000,
      },
      out: { maxConcurrent: 1, minTime: 1000 / scale },
    }),
  );
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
}
const groups = new Set<number>();
bot.on("my_chat_member", (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (status === "member" || status === "administrator") groups.add(ctx.chat.id);
  else groups.delete(ctx.chat.id);
});

async function sendAll(chat: number): Promise<void> {
  let target = chat;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as Part;
    try {
      if (p.kind === "text") await bot.api.sendMessage(target, p.text, p.html ? { parse_mode: "HTML" } : {});
      else await bot.api.sendPhoto(target, p.url, { caption: p.caption, parse_mode: "HTML" });
    } catch (e) {
      const migrated = e instanceof GrammyError ? e.parameters.migrate_to_chat_id : undefined;
      if (migrated !== undefined && target === chat) {
        target = migrated;
        i--;
        continue;
      }
      if (e instanceof GrammyError && e.error_code === 403) return;
      process.stderr.write(`peer ${env.BENCH_PEER}: ${String((e as Error).message)}\n`);
    }
  }
}

bot.command("push", async (ctx) => {
  if (ctx.from?.id !== admin) return;
  const chats = [...groups];
  if (env.BENCH_PEER === "grammy") await Promise.all(chats.map(sendAll));
  else for (const c of chats) await sendAll(c);
  await tellAdmin("push done");
});

/**
 * The end-of-push note is the bench's stopwatch, not part of the peer's behaviour: it waits out a 429
 * even for the naive loop (which otherwise drops failures), or the run would never end.
 */
async function tellAdmin(text: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await bot.api.sendMessage(admin, text);
      return;
    } catch (e) {
      const wait = e instanceof GrammyError ? (e.parameters.retry_after ?? 1) : 1;
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }
}
bot.catch((err) => process.stderr.write(`peer: ${String(err.message)}\n`));
process.once("SIGTERM", () => void bot.stop().then(() => process.exit(0)));
// Updates are handled concurrently so /push does not hold up the polling loop.
void bot.start({
  drop_pending_updates: false,
  onStart: () => {
    process.stdout.write("ready\n");
  },
});

// The baseline of the product benchmark: the smallest telegraf bot there is, started the way users
// start a bot (`node bare-bot.js`), replying to /section from memory. Plain JavaScript: nothing to build.
import { Telegraf } from "telegraf";

const bot = new Telegraf(process.env.BENCH_TOKEN ?? "", { telegram: { apiRoot: process.env.BENCH_URL } });
const SECTION = "<b>跨境快报</b>\n1. 跨境动态第1条\n跨境方面的第1条消息。";
bot.command("section", (ctx) => ctx.reply(SECTION, { parse_mode: "HTML" }));
process.once("SIGTERM", () => {
  bot.stop("SIGTERM");
  process.exit(0);
});
void bot.launch();

// The baseline of the product benchmark: the smallest telegraf bot there is, started the way users
// start a bot (`node bare-bot.js`), replying to /section from memory. Plain JavaScript: nothing to build.
import { Telegraf } from "telegraf";

const bot = new Telegraf(process.env.BENCH_TOKEN ?? "", { telegram: { apiRoot: process.env.BENCH_URL } });
// BENCH_REPLY: the text paperboy sent for the same command (the bench asks it first), so that both
// bots put the same bytes on the wire and the comparison is of the work behind a reply.
const SECTION = process.env.BENCH_REPLY ?? "<b>跨境快报</b>\n1. 跨境动态第1条\n跨境方面的第1条消息。";
const OPTIONS = { parse_mode: "HTML", link_preview_options: { is_disabled: true } };
bot.command("section", (ctx) => ctx.reply(SECTION, OPTIONS));
process.once("SIGTERM", () => {
  bot.stop("SIGTERM");
  process.exit(0);
});
void bot.launch();

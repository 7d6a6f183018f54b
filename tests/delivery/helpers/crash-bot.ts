/**
 * A bot process for the crash test: the file store, the Telegram adapter and delivery, configured
 * from the environment the test gives it. `CRASH_MODE=push` pushes today's issue (the test kills it
 * with SIGKILL half way); `CRASH_MODE=resume` starts as the bot would after a crash and resumes.
 */
import pino from "pino";
import { loadConfig, platformConfig } from "../../../src/config.ts";
import { createDelivery } from "../../../src/delivery/index.ts";
import { telegram } from "../../../src/platforms/telegram/descriptor.ts";
import { createTelegramAdapter } from "../../../src/platforms/telegram/index.ts";
import { openStore } from "../../../src/store/open.ts";

const log = pino({ level: process.env.CRASH_LOG_LEVEL ?? "silent" });
const config = loadConfig(process.env);
const tg = platformConfig(config, telegram);
if (!tg) throw new Error("TELEGRAM_BOT_TOKEN is required");
const store = await openStore(config.dataDir, { log });
const adapter = createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, limits: tg, log });
const delivery = createDelivery({
  store,
  adapters: [adapter],
  config,
  log,
  control: false,
  schedule: false,
  retry: { minTimeoutMs: 20, maxTimeoutMs: 200 },
});
if (process.env.CRASH_MODE === "push") {
  await delivery.runPush({ date: process.env.PUSH_DATE, requestedBy: "crash-test" });
} else {
  await delivery.start();
  await delivery.resumed();
}
await delivery.stop();
await store.close();
process.stdout.write("done\n");

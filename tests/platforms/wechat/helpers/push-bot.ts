/**
 * A bot process for the WeChat crash test: the file store, the WeChat adapter on whatever puppet the
 * environment names (wechaty-puppet-service here) and the delivery layer. `CRASH_MODE=push` pushes
 * today's issue (the test kills it with SIGKILL half way); `CRASH_MODE=resume` starts as the bot does
 * after a crash and resumes the ledger. Both may start before the account is logged in: the sends wait.
 * A push prints its counts as JSON on stdout when it is over.
 */
import pino from "pino";
import { loadConfig, platformConfig } from "../../../../src/config.ts";
import { createDelivery } from "../../../../src/delivery/index.ts";
import { wechat as wechatPlatform } from "../../../../src/platforms/wechat/descriptor.ts";
import { createWechatAdapter } from "../../../../src/platforms/wechat/index.ts";
import { openStore } from "../../../../src/store/open.ts";

const log = pino({ level: process.env.CRASH_LOG_LEVEL ?? "silent" }, pino.destination(2));
const config = loadConfig(process.env);
const wechat = platformConfig(config, wechatPlatform);
if (!wechat) throw new Error("WECHATY_PUPPET is required");
const store = await openStore(config.dataDir, { log });
const adapter = createWechatAdapter({
  puppet: wechat.puppet,
  dataDir: config.dataDir,
  minIntervalMs: wechat.minIntervalMs,
  acceptFriends: false,
  log,
});
const delivery = createDelivery({
  store,
  adapters: [adapter],
  config,
  log,
  control: false,
  schedule: false,
  retry: { minTimeoutMs: 20, maxTimeoutMs: 200 },
});
await adapter.start({ onMessage: async () => [], onChatEvent: async () => [] });
let outcome = "";
if (process.env.CRASH_MODE === "push") {
  const report = await delivery.runPush({ date: process.env.PUSH_DATE, requestedBy: "crash-test" });
  outcome = JSON.stringify(report.messages);
} else {
  await delivery.start();
  await delivery.resumed();
}
await delivery.stop();
await adapter.stop();
await store.close();
// The push's counts (sent, failed, skipped) for the test to read.
process.stdout.write(`${outcome || "done"}\n`);

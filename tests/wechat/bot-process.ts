// Temporary stand-in for `paperboy start` while the core router is being written: the WeChat adapter
// on the puppet chosen by WECHATY_PUPPET*, answering 跨境/今日 with a fixed section.
import { createLogger } from "../../src/log.ts";
import type { InboundHandlers } from "../../src/platforms/adapter.ts";
import { createWechatAdapter } from "../../src/platforms/wechat/index.ts";
import type { Reply } from "../../src/render/blocks.ts";

const log = createLogger({ level: "info", pretty: false });
const SECTION: Reply = {
  blocks: [
    { kind: "heading", text: "跨境快报" },
    { kind: "title", n: 1, text: "海外仓租金回落，卖家开始备货" },
  ],
};
const adapter = createWechatAdapter({
  dataDir: process.env.PAPERBOY_DATA_DIR ?? "./data",
  acceptFriends: true,
  log: log.child({ platform: "wechat" }),
});
const handlers: InboundHandlers = {
  async onMessage(msg) {
    if (msg.text !== "跨境" && msg.text !== "今日") return [];
    for (const part of adapter.render(SECTION)) await adapter.send(msg.chatId, part);
    return [SECTION];
  },
  async onChatEvent() {
    return [];
  },
};
await adapter.start(handlers);
process.once("SIGTERM", () => void adapter.stop().then(() => process.exit(0)));

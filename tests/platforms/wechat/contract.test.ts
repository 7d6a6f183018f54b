import { wechat } from "../../../src/platforms/wechat/descriptor.ts";
import { adapterContract } from "../contract.ts";
import { startMockWorld } from "./harness.ts";

adapterContract(
  wechat,
  async () => {
    const world = await startMockWorld(() => ({ onMessage: async () => [], onChatEvent: async () => [] }), {
      minIntervalMs: 0,
    });
    const inbox = world.inbox(world.room);
    return {
      adapter: world.adapter,
      chatId: `wechat:${world.room.id}`,
      async received(n) {
        await inbox.waitForCount(n);
        return inbox.texts;
      },
      stop: () => world.stop(),
    };
  },
  { startedBySetup: true },
);

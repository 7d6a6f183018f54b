import pino from "pino";
import { telegram } from "../../../src/platforms/telegram/descriptor.ts";
import { createTelegramAdapter } from "../../../src/platforms/telegram/index.ts";
import { startTelegramApi } from "../../support/telegram-api/server.ts";
import { adapterContract } from "../contract.ts";

adapterContract(telegram, async () => {
  const api = await startTelegramApi({ limits: false });
  const adapter = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: pino({ level: "silent" }),
  });
  const texts: string[] = [];
  return {
    adapter,
    chatId: "telegram:-100123",
    async received(n) {
      while (texts.length < n) texts.push((await api.waitForSent((m) => m.chatId === -100123)).parsedText);
      return texts;
    },
    stop: () => api.stop(),
  };
});

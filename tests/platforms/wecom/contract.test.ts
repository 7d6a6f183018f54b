import pino from "pino";
import { wecom } from "../../../src/platforms/wecom/descriptor.ts";
import { createWecomAdapter } from "../../../src/platforms/wecom/index.ts";
import { startWecomApi } from "../../support/wecom-api/server.ts";
import { adapterContract } from "../contract.ts";

const KEY = "c0ffee00-1111-4222-8333-444455556666";

adapterContract(wecom, async () => {
  const api = await startWecomApi({ keys: [KEY] });
  const adapter = createWecomAdapter({
    robots: [{ name: "运营一群", key: KEY }],
    apiRoot: api.url,
    dataDir: ".",
    log: pino({ level: "silent" }),
  });
  return {
    adapter,
    chatId: "wecom:运营一群",
    async received(n) {
      return (await api.waitForMessages(KEY, n)).map((m) => m.content);
    },
    stop: () => api.close(),
  };
});

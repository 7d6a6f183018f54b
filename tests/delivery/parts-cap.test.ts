import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, platformConfig } from "../../src/config.ts";
import { createDelivery, type Delivery } from "../../src/delivery/index.ts";
import { telegram } from "../../src/platforms/telegram/descriptor.ts";
import { createTelegramAdapter } from "../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../src/store/memory.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";
import { testIssue } from "./helpers/issue.ts";

const log = pino({ level: "silent" });
const GROUPS = [-8101, -8102, -8103];
const DATE = "2026-01-08";

describe("the parts one chat may get for one push", () => {
  let api: TelegramApi;
  let dataDir: string;
  let delivery: Delivery | undefined;

  beforeEach(async () => {
    api = await startTelegramApi({ limits: false });
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-cap-"));
  });
  afterEach(async () => {
    await delivery?.stop();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("stops at PAPERBOY_MAX_PARTS_PER_CHAT: the first parts go, the rest are skipped and reported", async () => {
    const config = loadConfig({
      PAPERBOY_DATA_DIR: dataDir,
      PAPERBOY_MAX_PARTS_PER_CHAT: "4",
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_GLOBAL_PER_SECOND: "300",
      TELEGRAM_GROUP_PER_MINUTE: "300",
      TELEGRAM_CHAT_PER_SECOND: "50",
    });
    const store = new MemoryStore();
    const adapter = createTelegramAdapter({
      token: api.token,
      apiRoot: api.url,
      log,
      dataDir,
      limits: platformConfig(config, telegram),
    });
    delivery = createDelivery({ store, adapters: [adapter], config, log, control: false, schedule: false });
    await store.putIssue(testIssue(DATE));
    for (const g of GROUPS)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });

    const report = await delivery.runPush({ date: DATE });
    expect(report.status).toBe("done");
    // The test issue has six parts (lead and five sections): two per chat are over the cap.
    for (const g of GROUPS) {
      const texts = api.sentTo(g).map((m) => m.text ?? "");
      expect(texts).toHaveLength(4);
      expect(texts[0]).toContain("老高电商快报");
      expect(texts[3]).toContain("跨境快报");
    }
    expect(report.messages).toMatchObject({ sent: 12, skipped: 6, pending: 0, failed: 0 });
  });
});

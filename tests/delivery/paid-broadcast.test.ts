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

/** The most sends the stand-in accepted inside any one second. */
function peakPerSecond(times: number[]): number {
  let peak = 0;
  let from = 0;
  for (let i = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[from] as number) >= 1000) from++;
    peak = Math.max(peak, i - from + 1);
  }
  return peak;
}

describe("TELEGRAM_PAID_BROADCAST", () => {
  let api: TelegramApi;
  let dataDir: string;
  let delivery: Delivery | undefined;

  beforeEach(async () => {
    // Telegram's real limits: 30/s for ordinary sends, 1,000/s for paid broadcasts.
    api = await startTelegramApi();
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-paid-"));
  });
  afterEach(async () => {
    await delivery?.stop();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is off by default: 30 messages a second, no paid parameter", () => {
    const config = loadConfig({ PAPERBOY_DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: api.token });
    expect(config.platforms.telegram).toMatchObject({ paidBroadcast: false, globalPerSecond: 30 });
    expect(telegram.limits(platformConfig(config, telegram)).global).toEqual([{ limit: 30, windowMs: 1000 }]);
  });

  it("raises the global limit to 1,000/s unless TELEGRAM_GLOBAL_PER_SECOND says otherwise", () => {
    const on = { PAPERBOY_DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_PAID_BROADCAST: "true" };
    const config = loadConfig(on);
    expect(config.platforms.telegram).toMatchObject({ paidBroadcast: true, globalPerSecond: 1000 });
    expect(telegram.limits(platformConfig(config, telegram)).global).toEqual([
      { limit: 1000, windowMs: 1000 },
    ]);
    expect(
      platformConfig(loadConfig({ ...on, TELEGRAM_GLOBAL_PER_SECOND: "500" }), telegram)?.globalPerSecond,
    ).toBe(500);
  });

  it("a push sends allow_paid_broadcast on every message and goes past 30 messages a second", async () => {
    const config = loadConfig({
      PAPERBOY_DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_PAID_BROADCAST: "true",
    });
    const store = new MemoryStore();
    await store.putIssue(testIssue());
    // One part per group: the per-group limits stay out of the way of the global one.
    const groups = Array.from({ length: 200 }, (_, i) => -(5000 + i));
    for (const g of groups)
      await store.upsertChat({
        id: `telegram:${g}`,
        platform: "telegram",
        kind: "group",
        sections: ["headlines"],
      });
    const adapter = createTelegramAdapter({
      token: api.token,
      apiRoot: api.url,
      log,
      dataDir,
      paidBroadcast: platformConfig(config, telegram)?.paidBroadcast,
      limits: platformConfig(config, telegram),
    });
    delivery = createDelivery({ store, adapters: [adapter], config, log, schedule: false });
    const since = api.mark();

    await delivery.runPush({ date: "2026-01-08", requestedBy: "test" });

    for (const g of groups) expect(api.sentTo(g)).toHaveLength(1);
    const sends = api.events
      .slice(since)
      .filter((e) => e.kind === "call" && (e.method === "sendMessage" || e.method === "sendPhoto"));
    expect(sends).toHaveLength(groups.length);
    for (const e of sends) expect(e.kind === "call" && e.payload.allow_paid_broadcast).toBe(true);
    // The stand-in holds unpaid sends to 30/s: none was refused, and more than twice that went in one second.
    expect(api.stats().tooManyRequests).toBe(0);
    const times = groups.map((g) => api.sentTo(g)[0]?.time as number).sort((a, b) => a - b);
    expect(peakPerSecond(times)).toBeGreaterThan(60);
  });
});

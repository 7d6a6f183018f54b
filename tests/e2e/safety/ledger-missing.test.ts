import { mkdtemp, rm, truncate, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { createDelivery, type Delivery } from "../../../src/delivery/index.ts";
import { ledgerDir } from "../../../src/delivery/ledger.ts";
import { createTelegramAdapter } from "../../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { testIssue } from "../../delivery/helpers/issue.ts";
import { startTelegramApi, type TelegramApi } from "../../support/telegram-api/server.ts";

const log = pino({ level: "silent" });
const LIMITS = { globalPerSecond: 300, groupPerMinute: 200, chatPerSecond: 10 };
const GROUPS = Array.from({ length: 30 }, (_, i) => -(7000 + i));
const DATE = "2026-01-08";

describe("a lost ledger is no second push", () => {
  let api: TelegramApi;
  let dataDir: string;
  let delivery: Delivery | undefined;

  beforeEach(async () => {
    api = await startTelegramApi({ limits: LIMITS });
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-ledger-"));
  });
  afterEach(async () => {
    await delivery?.stop();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function setup(limits = LIMITS) {
    const config = loadConfig({
      PAPERBOY_DATA_DIR: dataDir,
      PAPERBOY_ADMIN_CHAT: "telegram:-999",
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_GLOBAL_PER_SECOND: String(limits.globalPerSecond),
      TELEGRAM_GROUP_PER_MINUTE: String(limits.groupPerMinute),
      TELEGRAM_CHAT_PER_SECOND: String(limits.chatPerSecond),
    });
    const store = new MemoryStore();
    const adapter = createTelegramAdapter({ token: api.token, apiRoot: api.url, log, dataDir });
    delivery = createDelivery({ store, adapters: [adapter], config, log, control: false, schedule: false });
    await store.putIssue(testIssue(DATE));
    for (const g of GROUPS)
      await store.upsertChat({ id: `telegram:${g}`, platform: "telegram", kind: "group" });
    return { store, delivery };
  }

  const file = () => path.join(ledgerDir(dataDir), `${DATE}-evening.jsonl`);
  const toGroups = () => api.sent.filter((m) => GROUPS.includes(Number(m.chatId))).length;

  it("deleted or truncated after a push: /push sends nothing again, tells the admin why, and only force re-sends", async () => {
    const { delivery } = await setup();
    const first = await delivery.runPush({ date: DATE });
    expect(first.status).toBe("done");
    const once = toGroups();
    expect(once).toBeGreaterThan(GROUPS.length);

    await unlink(file());
    const answer = await delivery.pushNow({
      date: DATE,
      requestedBy: "telegram:1",
      replyTo: "telegram:-999",
    });
    expect(answer.started).toBe(false);
    expect(answer.message).toMatch(/ledger.*force/);
    expect(toGroups()).toBe(once);

    // Asked again, and then with the ledger emptied: still no second push.
    const again = await delivery.runPush({ date: DATE });
    expect(again.status).toBe("ledger-missing");
    await writeFile(file(), "");
    await truncate(file(), 0);
    expect((await delivery.runPush({ date: DATE })).status).toBe("ledger-missing");
    expect(toGroups()).toBe(once);
    // The admin chat was told why nothing went out.
    expect(
      api
        .sentTo(-999)
        .map((m) => m.text ?? "")
        .join("\n"),
    ).toMatch(/ledger/);

    const forced = await delivery.runPush({ date: DATE, force: true });
    expect(forced.status).toBe("done");
    expect(toGroups()).toBe(2 * once);
  });

  it("a ledger deleted mid-push stops that push with a report and plans nothing again", async () => {
    const { delivery } = await setup({ globalPerSecond: 60, groupPerMinute: 200, chatPerSecond: 10 });
    const running = delivery.runPush({ date: DATE });
    await api.waitFor((e) => e.kind === "sent" && toGroups() >= 20, 20_000);
    await unlink(file());
    const report = await running;
    expect(report.status).toBe("ledger-lost");
    const sent = toGroups();
    expect(sent).toBeLessThan(GROUPS.length * 6);
    expect(
      api
        .sentTo(-999)
        .map((m) => m.text ?? "")
        .join("\n"),
    ).toMatch(/ledger/);
    // No silent re-plan afterwards either.
    expect((await delivery.runPush({ date: DATE })).status).toBe("ledger-missing");
    expect(toGroups()).toBe(sent);
  });
});

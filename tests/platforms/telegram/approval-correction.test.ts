import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { todayIn } from "../../../src/domain/today.ts";
import { fetchIntoStore } from "../../../src/ingest/web/fetch-into-store.ts";
import { createTelegramAdapter } from "../../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { type PublisherSite, startPublisherSite } from "../../ingest/web/site.ts";
import { type SentMessage, startTelegramApi, type TelegramApi } from "../../support/telegram-api/server.ts";
import { LogTap } from "./harness.ts";

const TZ = "Asia/Shanghai";
const ADMIN = 4242;
const ADMIN_CHAT = -1009000000001;
const GROUPS = [-1009000000011, -1009000000012, -1009000000013];

interface Rig {
  api: TelegramApi;
  site: PublisherSite;
  app: App;
  store: MemoryStore;
  dir: string;
}
let rig: Rig | undefined;
afterEach(async () => {
  if (!rig) return;
  await rig.app.stop();
  await rig.api.stop();
  await rig.site.stop();
  rmSync(rig.dir, { recursive: true, force: true });
  rig = undefined;
});

/** A cron that fired a minute ago in the publisher's timezone: the bot starts just after push time. */
function pushAtAMinuteAgo(): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: TZ,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(Date.now() - 60_000));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return `${get("minute")} ${get("hour")} * * *`;
}

/**
 * The evening with PAPERBOY_SOURCE_URL and PAPERBOY_APPROVAL=required: the issue was fetched from
 * the site (the fetch job ran 30 minutes before), the bot starts just after push time.
 */
async function evening(sourcePath = "/feed.xml"): Promise<Rig> {
  const dir = mkdtempSync(path.join(tmpdir(), "paperboy-approval-"));
  const date = todayIn(TZ);
  const site = await startPublisherSite(date);
  const api = await startTelegramApi({ limits: false });
  const config = loadConfig({
    PAPERBOY_DATA_DIR: dir,
    PAPERBOY_TZ: TZ,
    PAPERBOY_PUSH_AT: pushAtAMinuteAgo(),
    PAPERBOY_CATCH_UP_MINUTES: "30",
    PAPERBOY_APPROVAL: "required",
    PAPERBOY_SOURCE_URL: `${site.base}${sourcePath}`,
    PAPERBOY_RECHECK_MINUTES: "0",
    PAPERBOY_FETCH_RETRIES: "0",
    PAPERBOY_ADMINS: `telegram:${ADMIN}`,
    PAPERBOY_ADMIN_CHAT: `telegram:${ADMIN_CHAT}`,
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
  });
  const store = new MemoryStore();
  for (const id of GROUPS)
    await store.upsertChat({ id: `telegram:${id}`, platform: "telegram", kind: "group", title: `群${id}` });
  if (sourcePath === "/feed.xml") expect((await fetchIntoStore(config, store)).status).toBe("stored");
  const log = new LogTap();
  const telegram = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: log.logger,
    dataDir: dir,
  });
  const app = await createApp(config, { store, log: log.logger, adapters: [telegram], watchMs: 60_000 });
  await app.start();
  rig = { api, site, app, store, dir };
  return rig;
}

const toAdmins = (m: SentMessage) => m.chatId === ADMIN_CHAT;
const approveData = (m: SentMessage): string | undefined =>
  (m.replyMarkup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)
    ?.inline_keyboard?.[0]?.[0]?.callback_data;

async function press(api: TelegramApi, message: SentMessage): Promise<void> {
  const data = approveData(message);
  if (!data) throw new Error("the message has no button");
  api.pushUpdate(
    api.callbackQuery({
      from: { id: ADMIN, first_name: "Admin" },
      message: { ...message.message, chat: { id: ADMIN_CHAT, type: "supergroup", title: "编辑部" } },
      data,
    }),
  );
}

describe("approve before the push, correct after it (Telegram)", () => {
  it("holds the unapproved push and reminds the admins; the late approval from the button sends it at once; a typo fixed on the site becomes edits", async () => {
    const { api, app, site } = await evening();
    const date = todayIn(TZ);
    const preview = await api.waitForSent((m) => toAdmins(m) && m.parsedText.includes("待批准"), 10_000);
    expect(preview.parsedText).toContain("某平台调整退货运费规则");
    expect(preview.parsedText).toMatch(/电商快报：2 条；telegram \d+ 条消息/);
    expect(approveData(preview)).toBe(`/publish ${date}`);
    const reminder = await api.waitForSent((m) => toAdmins(m) && m.parsedText.includes("还没有批准"), 10_000);
    expect(reminder.parsedText).toContain(`批准 ${date}`);
    await app.delivery.resumed();
    for (const g of GROUPS) expect(api.sentTo(g)).toHaveLength(0);

    // The admin approves from the chat after push time: it goes out at once.
    await press(api, preview);
    const report = await api.waitForSent(
      (m) => toAdmins(m) && /推送报告|push report/i.test(m.parsedText),
      20_000,
    );
    expect(report).toBeTruthy();
    const firstCounts = GROUPS.map((g) => api.sentTo(g).length);
    for (const n of firstCounts) expect(n).toBeGreaterThanOrEqual(4);
    const before = api.stats().accepted;

    // The site fixes a typo; the next fetch finds it and the admins get the correction to approve.
    site.editArticle("退货运费规则", "退货运费分摊规则");
    expect((await app.source?.fetchNow())?.status).toBe("stored");
    const correction = await api.waitForSent(
      (m) => toAdmins(m) && m.parsedText.includes("待批准的更正"),
      10_000,
    );
    expect(correction.parsedText).toContain("第1条「某平台调整退货运费分摊规则」有修改");
    const mark = api.mark();
    await press(api, correction);
    const done = await api.waitForSent((m) => toAdmins(m) && m.parsedText.includes("更正报告"), 20_000, mark);
    // The lead and the e-commerce section changed: two messages edited in place in each group.
    expect(done.parsedText).toContain("在 3 个会话中直接改正了 6 条消息");
    const after = api.stats().accepted;
    expect((after.editMessageText ?? 0) - (before.editMessageText ?? 0)).toBe(6);
    // Nothing already right is sent again: no new messages in the groups.
    expect(GROUPS.map((g) => api.sentTo(g).length)).toEqual(firstCounts);
    for (const g of GROUPS) {
      const texts = api
        .sentTo(g)
        .map((m) => m.parsedText)
        .join("\n");
      expect(texts).toContain("某平台调整退货运费分摊规则");
      expect(texts).not.toMatch(/调整退货运费规则/);
    }
  });

  it("an article that does not parse is reported to the admins with the reason, once, and nothing is stored", async () => {
    const { api, app, store } = await evening("/about.html");
    expect(await app.source?.fetchNow()).toBeUndefined();
    const told = await api.waitForSent(
      (m) => toAdmins(m) && m.parsedText.includes("不能作为快报导入"),
      10_000,
    );
    expect(told.parsedText).toContain("expected the title line");
    expect(await store.listIssues()).toEqual([]);
    // The same failure at the next fetch is not said again.
    await app.source?.fetchNow();
    expect(api.sentTo(ADMIN_CHAT).filter((m) => m.parsedText.includes("不能作为快报导入"))).toHaveLength(1);
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { type BrowserContext, chromium } from "playwright-core";
import { type App, createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { APPLICATIONS, type ApplicationRecord } from "../../src/core/apply/index.ts";
import { createTelegramAdapter } from "../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../src/store/memory.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";

export const ADMIN = "telegram:700";
/** Groups that receive the push (the stand-in accepts any chat id). */
export const GROUPS = [-1001000000001, -1001000000002, -1001000000003];

/** Debian's chromium, as the house rules require: never a downloaded browser. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(path.join(tmpdir(), "paperboy-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface DeskHarness {
  app: App;
  api: TelegramApi;
  store: MemoryStore;
  url: string;
  /** A fresh one-time sign-in link for the admin. */
  link(): string;
  stop(): Promise<void>;
}

/**
 * The whole bot (createApp with its desk on a free port) on the real telegraf client against the
 * Bot API stand-in, with three subscribed groups, a WeChat room the bot knows but is not
 * subscribed to, and one pending merchant application.
 */
export async function startDeskApp(env: Record<string, string> = {}): Promise<DeskHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), "paperboy-desk-"));
  const api = await startTelegramApi({ limits: false });
  const config = loadConfig({
    PAPERBOY_DATA_DIR: dir,
    PAPERBOY_CATCH_UP_MINUTES: "0",
    PAPERBOY_ADMINS: ADMIN,
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_CHAT_PER_SECOND: "100",
    TELEGRAM_GROUP_PER_MINUTE: "6000",
    TELEGRAM_GLOBAL_PER_SECOND: "300",
    ...env,
  });
  const log = pino({ level: "silent" });
  const store = new MemoryStore();
  for (const [i, id] of GROUPS.entries())
    await store.upsertChat({
      id: `telegram:${id}`,
      platform: "telegram",
      kind: "group",
      title: `测试群 ${i + 1}`,
    });
  await store.upsertChat({
    id: "wechat:R900@chatroom",
    platform: "wechat",
    kind: "group",
    title: "老会员群 🎉",
    subscribed: false,
  });
  const application: ApplicationRecord = {
    id: "1",
    status: "pending",
    applicantId: "telegram:5151",
    chatId: "telegram:5151",
    platform: "telegram",
    applicantName: "Wang",
    locale: "zh-CN",
    shopName: "晴天袜业",
    shopPlatform: "jd",
    shopLink: "https://mall.jd.com/index-1.html",
    category: "服饰",
    contactName: "王小明",
    contact: { kind: "phone", value: "13812345678" },
    createdAt: new Date().toISOString(),
  };
  await store.collection<ApplicationRecord>(APPLICATIONS).put(application);
  const telegram = createTelegramAdapter({ token: api.token, apiRoot: api.url, log, dataDir: dir });
  const app = await createApp(config, {
    store,
    log,
    adapters: [telegram],
    desk: { host: "127.0.0.1", port: 0 },
  });
  await app.start();
  const desk = app.desk;
  if (!desk) throw new Error("the desk did not start");
  return {
    app,
    api,
    store,
    url: desk.url,
    link: () => desk.signInLink(ADMIN),
    async stop() {
      await app.stop();
      await api.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

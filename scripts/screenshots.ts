/**
 * `npm run screenshots`: draws docs/screenshots/*.png from the real desk. It starts the whole bot
 * with its desk on the Telegram Bot API stand-in (the same harness as tests/desk), does an
 * evening's work in Debian's headless chromium (import, push, broadcast, review) and photographs
 * each page along the way. Everything shown is what the desk really rendered for that work.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { todayIn } from "../src/domain/today.ts";
import { launchBrowser, startDeskApp } from "../tests/desk/harness.ts";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "docs/screenshots");
const text = await readFile(path.join(root, "tests/fixtures/issues/zh-edge-2025-01-09.txt"), "utf8");

const h = await startDeskApp();
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  const shot = async (name: string, p: Page = page) => {
    await p.screenshot({ path: path.join(out, `${name}.png`) });
    process.stdout.write(`docs/screenshots/${name}.png\n`);
  };

  await page.goto(`${h.url}/`);
  await shot("signin");
  await page.goto(h.link());
  const today = todayIn(h.app.config.tz);

  await page.click("text=导入");
  await page.fill("textarea[name=text]", text);
  await page.fill("input[name=date]", today);
  await page.click("button:has-text('预览')");
  await page.waitForSelector("[data-summary]");
  await shot("import-preview");
  await page.click("button:has-text('保存')");
  await page.waitForURL(/\/issues\//);

  await page.click("#push a");
  await page.click("button:has-text('确认推送')");
  await page.waitForSelector("[data-progress-url][data-state=done]", { timeout: 30_000 });
  await shot("issue-pushed");

  await page.click("header nav >> text=今日");
  await shot("today");
  await page.click("header nav >> text=往期");
  await shot("issues");

  await page.click("header nav >> text=广播");
  await page.fill(
    "textarea[name=text]",
    "各位会员：俱乐部年会定在 1月20日，地点杭州，线上同步直播。报名请私聊机器人发送「加入」。",
  );
  await page.click("button:has-text('预览')");
  await shot("broadcast");
  await page.click("button:has-text('确认发送')");
  await h.app.delivery.broadcastsIdle();

  await page.click("header nav >> text=推送记录");
  await shot("reports");
  await page.click("tr[data-report] a");
  await shot("report");

  await page.click("header nav >> text=群聊");
  await shot("chats");

  await page.click("header nav >> text=申请");
  await shot("applications");
  await page.click("tr[data-application='1'] a");
  await shot("application");

  await page.click("header button[lang=en]");
  await page.click("header nav >> text=Today");
  await shot("today-en");
} finally {
  await browser.close();
  await h.stop();
}

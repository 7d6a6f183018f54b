import { readFile } from "node:fs/promises";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApplicationRecord } from "../../src/core/apply/index.ts";
import { AUDIT_COLLECTION, type AuditRecord } from "../../src/core/audit.ts";
import { PLATFORMS } from "../../src/platforms/registry.ts";
import { ADMIN, type DeskHarness, GROUPS, launchBrowser, startDeskApp } from "./harness.ts";

/**
 * The editor's desk in real headless Chromium (Debian's), against the whole bot on the Telegram
 * Bot API stand-in: one browser for the file, one page per test.
 */
let h: DeskHarness;
let browser: { context: BrowserContext; close(): Promise<void> };
const ISSUE_TEXT = readFile(
  path.join(import.meta.dirname, "../fixtures/issues/zh-edge-2025-01-09.txt"),
  "utf8",
);

beforeAll(async () => {
  [h, browser] = await Promise.all([startDeskApp(), launchBrowser()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

async function signedInPage() {
  const page = await browser.context.newPage();
  await page.goto(h.link());
  return page;
}

async function audit() {
  return h.store.collection<AuditRecord>(AUDIT_COLLECTION).list();
}

describe("the editor's desk", () => {
  it("shows nothing without a sign-in link; a link signs in once, with a strict HttpOnly cookie", async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    for (const p of [
      "/",
      "/issues",
      "/chats",
      "/applications",
      "/applications/1",
      "/applications.csv",
      "/events/push",
    ]) {
      const res = await page.goto(`${h.url}${p}`);
      expect(res?.status(), p).toBe(401);
      const text = await page.textContent("body");
      expect(text).toContain("npx paperboy desk-link");
      expect(text).not.toContain("晴天袜业");
    }
    // A change without a session changes nothing either.
    const post = await page.request.post(`${h.url}/chats/pause`, { form: { chat: `telegram:${GROUPS[0]}` } });
    expect(post.status()).toBe(401);
    expect((await h.store.getChat(`telegram:${GROUPS[0]}`))?.state).toBe("active");

    const link = h.link();
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe("/");
    await expect(page.locator("header nav")).toBeTruthy();
    expect(await page.textContent("header")).toContain(ADMIN);
    const [cookie] = await browser.context.cookies(h.url);
    expect(cookie).toMatchObject({ name: "paperboy_desk", httpOnly: true, sameSite: "Strict" });

    // The same link a second time, in a browser without the cookie: refused.
    await browser.context.clearCookies();
    const again = await page.goto(link);
    expect(again?.status()).toBe(401);
    expect(await page.textContent("body")).toContain("已失效");
    await page.close();
  });

  it("refuses a change without the page's CSRF token", async () => {
    const page = await signedInPage();
    const res = await page.request.post(`${h.url}/chats/pause`, { form: { chat: `telegram:${GROUPS[0]}` } });
    expect(res.status()).toBe(403);
    expect((await h.store.getChat(`telegram:${GROUPS[0]}`))?.state).toBe("active");
    await page.close();
  });

  it("pastes an issue, previews it with its warnings per platform, stores nothing until Save", async () => {
    const page = await signedInPage();
    await page.click("text=导入");
    await page.fill("textarea[name=text]", await ISSUE_TEXT);
    await page.click("button:has-text('预览')");
    await page.waitForSelector("[data-summary]");
    expect(await page.textContent("[data-summary]")).toContain("2025-01-09");
    const warnings = await page.locator(".warnings li").allTextContents();
    expect(warnings.some((w) => w.includes("品牌快报"))).toBe(true);
    expect(warnings.some((w) => w.includes("/upload/img/20250109/2001.png"))).toBe(true);
    // Telegram's HTML subset is rendered (bold titles), WeChat's text is shown as bubbles.
    const ecommerce = page.locator("[data-section=ecommerce]");
    expect(await ecommerce.locator("[data-platform=telegram] b").count()).toBeGreaterThan(0);
    expect(await ecommerce.locator("[data-platform=wechat]").first().textContent()).toContain("年货节首日");
    // Every registered platform is previewed from the registry, WeCom's markdown robots included.
    const wecom = ecommerce.locator("[data-preview=wecom]");
    expect(await wecom.locator("strong").first().textContent()).toBe("WeCom");
    expect(await wecom.locator("[data-platform=wecom]").first().textContent()).toContain("**");
    expect(await wecom.locator("[data-platform=wecom]").first().textContent()).toContain("年货节首日");
    const previewed = PLATFORMS.filter((p) => p.preview).map((p) => p.id);
    expect(previewed).toEqual(expect.arrayContaining(["telegram", "wechat", "wecom"]));
    expect(await page.locator("[data-section=ecommerce] [data-preview]").count()).toBe(previewed.length);
    // HTML-like text of the issue is shown as text, never as markup.
    expect(await page.locator("body").textContent()).toContain("<限时>");
    expect(await h.store.getIssue("2025-01-09")).toBeUndefined();

    await page.click("button:has-text('保存')");
    await page.waitForURL(/\/issues\/2025-01-09/);
    expect(await page.textContent(".flash")).toContain("已保存");
    expect((await h.store.getIssue("2025-01-09"))?.sections.map((s) => s.key)).toContain("ecommerce");
    expect((await audit()).some((r) => r.who === ADMIN && r.what === "import 2025-01-09 evening")).toBe(true);
    await page.close();
  });

  it("pushes from the issue page after a confirmation and follows the push live to the end", async () => {
    const page = await signedInPage();
    await page.goto(`${h.url}/issues/2025-01-09`);
    await page.click("#push a");
    await page.waitForSelector("button:has-text('确认推送')");
    expect(h.api.sent.filter((m) => GROUPS.includes(Number(m.chatId)))).toHaveLength(0);
    await page.click("button:has-text('确认推送')");
    await page.waitForSelector("[data-progress-url][data-state=done]", { timeout: 20_000 });
    const summary = await page.textContent("[data-progress-text]");
    expect(summary).toMatch(/推送完成：已发 \d+，失败 0/);
    for (const g of GROUPS) expect(h.api.sent.some((m) => Number(m.chatId) === g)).toBe(true);
    const sent = Number(/已发 (\d+)/.exec(summary ?? "")?.[1]);
    expect(sent).toBe(h.api.sent.filter((m) => GROUPS.includes(Number(m.chatId))).length);
    expect((await audit()).some((r) => r.who === ADMIN && r.what === "push 2025-01-09" && r.allowed)).toBe(
      true,
    );

    // The report lists each chat with what it got.
    await page.click("text=推送记录");
    await page.click("[data-report='2025-01-09-evening'] a");
    expect(await page.locator("tr[data-chat]").count()).toBe(GROUPS.length);
    await page.close();
  });

  it("approves an application on its page; the list masks the contact", async () => {
    const page = await signedInPage();
    await page.click("text=申请");
    const row = page.locator("tr[data-application='1']");
    expect(await row.textContent()).toContain("138****5678");
    expect(await row.textContent()).not.toContain("13812345678");
    await row.locator("a").first().click();
    expect(await page.textContent("main")).toContain("13812345678");
    await page.click("button[data-action=approve]");
    await page.waitForSelector(".flash");
    const app = await h.store.collection<ApplicationRecord>("applications").get("1");
    expect(app?.status).toBe("approved");
    expect(app?.reviewedBy).toBe(ADMIN);
    expect(await page.textContent("main dl")).toContain("已通过");
    await page.close();
  });

  it("pauses one chat from the chats page, in English", async () => {
    const page = await signedInPage();
    await page.click("header button[lang=en]");
    await page.click("text=Chats");
    expect(await page.textContent("main")).toContain("老会员群");
    const id = `telegram:${GROUPS[1]}`;
    await page.click(`tr[data-chat='${id}'] button[data-action=pause]`);
    await page.waitForSelector(`tr[data-chat='${id}'] [data-chat-state=paused]`);
    expect((await h.store.getChat(id))?.state).toBe("paused");
    expect((await audit()).some((r) => r.who === ADMIN && r.what === `pause ${id}` && r.allowed)).toBe(true);
    await page.close();
  });
});

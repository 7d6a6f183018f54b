import { afterEach, describe, expect, it } from "vitest";
import type { ApplicationRecord } from "../../../src/core/apply/index.ts";
import { type AppHarness, startApp } from "../../platforms/telegram/app-harness.ts";
import type { SentMessage } from "../../support/telegram-api/server.ts";

/**
 * The merchant application through the whole bot (createApp: router with the applications
 * interceptor, delivery limiter, the real Telegram adapter on telegraf) against the Bot API
 * stand-in. Flood limits are off and the per-chat pace raised so the test does not wait Telegram's
 * one second between answers (the delivery tests cover the limits).
 */

const APPLICANT = 5151;
const ADMIN = 900;
const ADMIN_GROUP = -1001000000900;
const CLUB = -1001000000123;

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data?: string; url?: string }>> };
const buttonsOf = (m: SentMessage) => ((m.replyMarkup as Keyboard | undefined)?.inline_keyboard ?? []).flat();

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("applying through the whole bot on Telegram", () => {
  it("from the deep link to an approved applicant holding a one-use invite link, nothing personal in the admin group", async () => {
    h = await startApp({
      api: { limits: false },
      env: {
        PAPERBOY_ADMINS: `telegram:${ADMIN}`,
        PAPERBOY_ADMIN_CHAT: `telegram:${ADMIN_GROUP}`,
        PAPERBOY_CLUB_CHATS: `telegram:${CLUB}`,
        TELEGRAM_CHAT_PER_SECOND: "100",
      },
    });
    const { api } = h;

    const say = async (from: number, text: string, expectText: string) => {
      const since = api.mark();
      api.pushUpdate(api.textMessage({ chat: from, from, text }));
      return api.waitForSent((m) => m.chatId === from && m.parsedText.includes(expectText), 10_000, since);
    };
    const press = async (
      message: SentMessage,
      from: number,
      label: string,
      expectIn: number,
      expectText: string,
    ) => {
      const data = buttonsOf(message).find((b) => b.text.includes(label))?.callback_data;
      if (!data) throw new Error(`no button ${label}`);
      const since = api.mark();
      api.pushUpdate(api.callbackQuery({ message: message.message, from, data }));
      return api.waitForSent(
        (m) => m.chatId === expectIn && m.parsedText.includes(expectText),
        10_000,
        since,
      );
    };

    await say(APPLICANT, "/start join", "店铺叫什么名字");
    const platforms = await say(APPLICANT, "Sunny Socks", "哪个平台");
    await press(platforms, APPLICANT, "京东", APPLICANT, "店铺链接");
    await say(APPLICANT, "https://mall.jd.com/index-1.html", "主营类目");
    // `电商` is a section keyword for the router; inside the dialogue it is an answer.
    await say(APPLICANT, "电商", "怎么称呼");
    await say(APPLICANT, "王小明", "联系方式");
    const summary = await say(APPLICANT, "13812345678", "请核对");

    const since = api.mark();
    await press(summary, APPLICANT, "确认提交", APPLICANT, "编号 #1");
    const inGroup = await api.waitForSent(
      (m) => m.chatId === ADMIN_GROUP && m.parsedText.includes("#1"),
      10_000,
      since,
    );
    const inPrivate = await api.waitForSent(
      (m) => m.chatId === ADMIN && m.parsedText.includes("#1"),
      10_000,
      since,
    );
    expect(inPrivate.parsedText).toContain("13812345678");
    expect(inGroup.parsedText).not.toContain("13812345678");
    expect(inGroup.parsedText).not.toContain("王小明");

    const approveSince = api.mark();
    await press(inGroup, ADMIN, "通过", ADMIN_GROUP, "已通过申请 #1");
    const welcome = await api.waitForSent(
      (m) => m.chatId === APPLICANT && m.parsedText.includes("已通过"),
      10_000,
      approveSince,
    );
    const url = buttonsOf(welcome).find((b) => b.url)?.url;
    expect(url).toMatch(/^https:\/\/t\.me\/\+/);
    const call = api.events.find(
      (e) => e.kind === "call" && e.method.toLowerCase() === "createchatinvitelink",
    );
    expect(call?.kind === "call" ? call.payload : undefined).toMatchObject({
      chat_id: CLUB,
      member_limit: 1,
    });
    const stored = await h.store.collection<ApplicationRecord>("applications").get("1");
    expect(stored).toMatchObject({ status: "approved", invite: "link", category: "电商" });
    // Nothing personal reached the logs either.
    expect(JSON.stringify(h.log.lines)).not.toContain("13812345678");
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { type Applications, createApplications, InviteUnsupported } from "../../../src/core/apply/index.ts";
import { createRouter } from "../../../src/core/index.ts";
import type { PlatformAdapter, Reply } from "../../../src/core/ports/index.ts";
import { platformDirectory } from "../../../src/platforms/registry.ts";
import { createTelegramAdapter } from "../../../src/platforms/telegram/index.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { type SentMessage, startTelegramApi, type TelegramApi } from "../../support/telegram-api/server.ts";
import { captureLogger } from "./support.ts";

/**
 * The application dialogue on the real telegraf client against the Bot API stand-in: a deep link,
 * buttons pressed as callback queries, an admin approving with the notice's button, and the invite
 * link created by the Telegram adapter (`createChatInviteLink`, member_limit 1).
 * The wiring between adapter and module is the app's job; here it is the smallest version of it.
 */

const APPLICANT = 4242;
const ADMIN = 900;
const CLUB = -1001000000123;

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data?: string; url?: string }>> };
const buttonsOf = (m: SentMessage) => ((m.replyMarkup as Keyboard | undefined)?.inline_keyboard ?? []).flat();

let api: TelegramApi;
let adapter: PlatformAdapter;
let apps: Applications;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "paperboy-apply-tg-"));
  api = await startTelegramApi({ limits: false });
  const config = loadConfig({
    PAPERBOY_DATA_DIR: dir,
    PAPERBOY_ADMINS: `telegram:${ADMIN}`,
    PAPERBOY_CLUB_CHATS: `telegram:${CLUB}`,
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
  });
  const { log } = captureLogger();
  adapter = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log,
    dataDir: dir,
    adminChats: [`telegram:${ADMIN}`, "wechat:R9@chatroom"],
  });
  const tg = adapter;
  const createInviteLink = async (club: string) => {
    if (!tg.createInviteLink) throw new InviteUnsupported("the Telegram adapter has no createInviteLink");
    return tg.createInviteLink(club);
  };
  const send = async (chatId: string, reply: Reply) => {
    for (const part of adapter.render(reply)) await adapter.send(chatId, part);
  };
  const store = new MemoryStore();
  apps = createApplications({
    store,
    config,
    platforms: platformDirectory,
    log,
    outbox: { send },
    // The adapter's own `createInviteLink` (createChatInviteLink, member_limit 1).
    invites: { createInviteLink: (club) => createInviteLink(club) },
  });
  // As the app wires it: the dialogue intercepts, the review commands are the router's.
  const router = createRouter({
    store,
    config,
    log,
    platforms: platformDirectory,
    interceptors: [apps],
    applications: apps,
  });
  await adapter.start({
    async onMessage(msg) {
      const replies = await router.handle(msg);
      for (const r of replies) await send(msg.chatId, r);
      return replies;
    },
    async onChatEvent() {
      return [];
    },
  });
});

afterEach(async () => {
  await adapter.stop();
  await api.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Sends a text as the user and waits for the bot's answer to that chat. */
async function say(from: number, text: string, expectText: string): Promise<SentMessage> {
  const since = api.mark();
  api.pushUpdate(api.textMessage({ chat: from, from, text }));
  return api.waitForSent((m) => m.chatId === from && m.parsedText.includes(expectText), 10_000, since);
}

/** Presses a button of a message the bot sent, as `from`, and waits for the answer containing `expectText`. */
async function press(
  message: SentMessage,
  from: number,
  label: string,
  to: number,
  expectText: string,
): Promise<SentMessage> {
  const button = buttonsOf(message).find((b) => b.text.includes(label));
  if (!button?.callback_data)
    throw new Error(`no button "${label}" in ${JSON.stringify(buttonsOf(message))}`);
  expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
  const since = api.mark();
  api.pushUpdate(api.callbackQuery({ message: message.message, from, data: button.callback_data }));
  return api.waitForSent((m) => m.chatId === to && m.parsedText.includes(expectText), 10_000, since);
}

describe("applying on Telegram, end to end", () => {
  it("the admin's private chat gets a command menu with the review commands; everyone's menu has only /forget", async () => {
    const names = (list: unknown[]) => (list as Array<{ command: string }>).map((c) => c.command);
    // The menus are set once polling runs; the admin chat's Chinese one is the last.
    await api.waitFor(
      (e) =>
        e.kind === "call" &&
        e.method === "setMyCommands" &&
        JSON.stringify(e.payload).includes(`"chat_id":${ADMIN}`) &&
        JSON.stringify(e.payload).includes('"zh"'),
    );
    for (const lang of ["", "zh"]) {
      const admins = names(api.commands(lang, `chat:${ADMIN}`));
      expect(admins).toEqual(
        expect.arrayContaining(["applications", "approve", "reject", "forget", "today"]),
      );
      const everyone = names(api.commands(lang));
      expect(everyone).toContain("forget");
      expect(everyone).not.toContain("approve");
    }
  });

  it("deep link, buttons, a wrong phone, an edit, confirmation, a refused outsider and an approval with a one-use invite", async () => {
    const first = await say(APPLICANT, "/start join", "店铺叫什么名字");
    expect(buttonsOf(first).map((b) => b.text)).toContain("取消申请");

    const platformQuestion = await say(APPLICANT, "Sunny Socks & <Co>", "哪个平台");
    const linkQuestion = await press(platformQuestion, APPLICANT, "淘宝", APPLICANT, "店铺链接");
    expect(linkQuestion.parsedText).toContain("第 3/6 步：");
    await say(APPLICANT, "https://sunnysocks.taobao.com", "主营类目");
    await say(APPLICANT, "袜子", "怎么称呼");
    await say(APPLICANT, "王小明", "联系方式");
    await say(APPLICANT, "12345", "11 位数字");
    const summary = await say(APPLICANT, "138 1234 5678", "请核对");
    expect(summary.parsedText).toContain("Sunny Socks & <Co>");

    await press(summary, APPLICANT, "修改店铺链接", APPLICANT, "店铺链接");
    const edited = await say(APPLICANT, "https://shop.example.com/socks", "请核对");
    expect(edited.parsedText).toContain("https://shop.example.com/socks");

    const adminSince = api.mark();
    await press(edited, APPLICANT, "确认提交", APPLICANT, "编号 #1");
    const notice = await api.waitForSent(
      (m) => m.chatId === ADMIN && m.parsedText.includes("#1"),
      10_000,
      adminSince,
    );
    expect(notice.parsedText).toContain("13812345678");

    await say(777, "/approve 1", "只有管理员");

    const inviteSince = api.mark();
    await press(notice, ADMIN, "通过", ADMIN, "已通过申请 #1");
    const welcome = await api.waitForSent(
      (m) => m.chatId === APPLICANT && m.parsedText.includes("已通过"),
      10_000,
      inviteSince,
    );
    const link = buttonsOf(welcome).find((b) => b.url);
    expect(link?.url).toMatch(/^https:\/\/t\.me\/\+/);
    const call = api.events.find(
      (e) => e.kind === "call" && e.method.toLowerCase() === "createchatinvitelink" && e.ok,
    );
    expect(call?.kind === "call" ? call.payload : undefined).toMatchObject({
      chat_id: CLUB,
      member_limit: 1,
    });
    // The link went to the applicant only.
    expect(api.sentTo(ADMIN).some((m) => m.parsedText.includes(link?.url ?? "?"))).toBe(false);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatEvent, Incoming, Reply } from "../../../src/core/ports/index.ts";
import { createTelegramAdapter } from "../../../src/platforms/telegram/index.ts";
import { TINY_PNG } from "../../support/images.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const GROUP = { id: -100111, type: "supergroup" as const, title: "跨境卖家群" };

const todayReply: Reply = {
  blocks: [
    { kind: "heading", text: "今日快报" },
    { kind: "list", ordered: true, items: ["要闻一", "要闻二"] },
  ],
  buttons: [[{ text: "跨境", data: "/section crossborder" }], [{ text: "电商", data: "/section ecommerce" }]],
};

describe("the Telegram adapter against the Bot API stand-in", () => {
  it("hands a group's /today@bot to the app, shows section buttons, and answers a button press", async () => {
    h = await startHarness({
      respond: (msg) =>
        msg.isCallback
          ? [
              {
                blocks: [
                  { kind: "heading", text: "跨境快报" },
                  { kind: "paragraph", text: `按钮：${msg.text}` },
                ],
              },
            ]
          : [todayReply],
    });
    const { api, inbound } = h;
    api.pushUpdate(
      api.textMessage({
        chat: GROUP,
        from: { id: 7, language_code: "zh-hans" },
        text: `/today@${api.botUsername}`,
      }),
    );
    const msg = await inbound.next<Incoming>("messages");
    expect(msg).toMatchObject({
      platform: "telegram",
      chatId: "telegram:-100111",
      chatKind: "group",
      senderId: "telegram:7",
      text: `/today@${api.botUsername}`,
      mentionsBot: true,
      botUsername: api.botUsername,
      languageCode: "zh-hans",
    });
    const withButtons = await api.waitForSent((m) => m.chatId === GROUP.id && m.replyMarkup !== undefined);
    expect(withButtons.parseMode).toBe("HTML");
    expect(withButtons.linkPreviewOptions).toEqual({ is_disabled: true });
    expect(withButtons.replyMarkup).toEqual({
      inline_keyboard: [
        [{ text: "跨境", callback_data: "/section crossborder" }],
        [{ text: "电商", callback_data: "/section ecommerce" }],
      ],
    });

    const since = api.mark();
    api.pushUpdate(
      api.callbackQuery({ message: withButtons.message, from: 8, data: "/section crossborder" }),
    );
    await api.waitFor((e) => e.kind === "call" && e.method === "answerCallbackQuery" && e.ok, 5000, since);
    const pressed = await inbound.next<Incoming>("messages", (m) => m.isCallback === true);
    expect(pressed).toMatchObject({
      chatId: "telegram:-100111",
      text: "/section crossborder",
      senderId: "telegram:8",
      mentionsBot: true,
    });
    const section = await api.waitForSent((m) => m.parsedText.includes("跨境快报"), 5000, since);
    expect(section.parsedText).toContain("按钮：/section crossborder");
  });

  it("tells which group messages are addressed to the bot", async () => {
    h = await startHarness();
    const { api, inbound } = h;
    const bot = api.botUsername;
    const botMessage = (
      await h.adapter.send("telegram:-100111", { type: "text", text: "hello", format: "plain" })
    ).messageId;
    const replyTo = api.sentTo(GROUP.id).find((m) => String(m.messageId) === botMessage)?.message;
    const texts = ["今日", `@${bot} 跨境`, "/today", `/today@other_bot`, "谢谢", `hi @${bot.toUpperCase()}`];
    for (const text of texts) api.pushUpdate(api.textMessage({ chat: GROUP, text }));
    api.pushUpdate(api.textMessage({ chat: GROUP, text: "观点", replyTo }));
    api.pushUpdate(api.textMessage({ chat: 55, from: 55, text: "今日" }));
    const direct = await inbound.next<Incoming>("messages", (m) => m.chatKind === "private");
    expect(direct).toMatchObject({ chatId: "telegram:55", text: "今日", mentionsBot: false });
    await inbound.next<Incoming>("messages", (m) => m.text === "观点");
    const inGroup = inbound.messages.filter((m) => m.chatKind === "group");
    // One chat's messages reach the app in the order they were written.
    expect(inGroup.map((m) => m.text)).toEqual([...texts, "观点"]);
    const seen = Object.fromEntries(inGroup.map((m) => [m.text, m.mentionsBot]));
    expect(seen).toEqual({
      今日: false,
      [`@${bot} 跨境`]: true,
      "/today": false,
      "/today@other_bot": false,
      谢谢: false,
      [`hi @${bot.toUpperCase()}`]: true,
      观点: true,
    });
  });

  it("sends a section longer than 4096 characters in parts, every one accepted", async () => {
    const paragraphs = Array.from(
      { length: 30 },
      (_, i) => `第${i + 1}段：${"跨境电商卖家的消息。".repeat(30)}`,
    );
    h = await startHarness({
      respond: () => [
        {
          blocks: [
            { kind: "heading", text: "跨境快报" },
            ...paragraphs.map((text) => ({ kind: "paragraph" as const, text })),
          ],
        },
      ],
    });
    const { api } = h;
    const parts = h.adapter.render({
      blocks: paragraphs.map((text) => ({ kind: "paragraph" as const, text })),
    });
    expect(parts.length).toBeGreaterThan(1);
    api.pushUpdate(api.textMessage({ chat: 77, text: "/section crossborder" }));
    await api.waitForSent((m) => m.parsedText.includes("第30段"));
    const sent = api.sentTo(77);
    expect(sent.length).toBeGreaterThan(1);
    for (const m of sent) expect(m.parsedText.length).toBeLessThanOrEqual(4096);
    const all = sent.map((m) => m.parsedText).join("\n");
    for (const p of paragraphs) expect(all).toContain(p);
    expect(api.stats().badRequest).toBe(0);
  });

  it("delivers <, > and & exactly as written", async () => {
    const text = `A<B> & "C" <b>not bold</b> &amp; 1 < 2 > 0 🎉`;
    h = await startHarness({
      respond: () => [
        {
          blocks: [
            { kind: "title", n: 1, text: "<Amazon & Shopee>" },
            { kind: "paragraph", text },
          ],
        },
      ],
    });
    h.api.pushUpdate(h.api.textMessage({ chat: 78, text: "今日" }));
    const m = await h.api.waitForSent((s) => s.chatId === 78);
    expect(m.parsedText).toBe(`1. <Amazon & Shopee>\n${text}`);
  });

  it("reports the bot added to a group, kicked, a group migrating, and a rename as chat events", async () => {
    h = await startHarness({
      onEvent: (e) =>
        e.type === "added" ? [{ blocks: [{ kind: "paragraph", text: "欢迎！每天18:00推送。" }] }] : [],
    });
    const { api, inbound } = h;
    api.pushUpdate(
      api.myChatMember({ chat: { id: -222, type: "group", title: "老高电商群" }, status: "member" }),
    );
    await expect(inbound.next<ChatEvent>("events")).resolves.toEqual({
      type: "added",
      chatId: "telegram:-222",
      chatKind: "group",
      title: "老高电商群",
    });
    await api.waitForSent((m) => m.chatId === -222 && m.parsedText.includes("欢迎"));
    api.migrate(-222, -100222);
    await expect(inbound.next<ChatEvent>("events", (e) => e.type === "migrated")).resolves.toEqual({
      type: "migrated",
      fromChatId: "telegram:-222",
      toChatId: "telegram:-100222",
    });
    api.kick(-100222);
    await expect(inbound.next<ChatEvent>("events", (e) => e.type === "removed")).resolves.toEqual({
      type: "removed",
      chatId: "telegram:-100222",
      reason: "kicked",
    });
    api.pushUpdate(
      api.myChatMember({
        chat: { id: -100333, type: "channel", title: "快报频道" },
        status: "administrator",
      }),
    );
    await expect(
      inbound.next<ChatEvent>("events", (e) => e.type === "added" && e.chatKind === "channel"),
    ).resolves.toMatchObject({
      chatId: "telegram:-100333",
    });
    api.pushUpdate({
      message: {
        message_id: 5,
        date: 0,
        chat: { id: -444, type: "group", title: "新名字" },
        from: { id: 1, is_bot: false, first_name: "A" },
        new_chat_title: "新名字",
      },
    });
    await expect(inbound.next<ChatEvent>("events", (e) => e.type === "renamed")).resolves.toEqual({
      type: "renamed",
      chatId: "telegram:-444",
      title: "新名字",
    });
    // One event per change: the migrate_from message in the new supergroup is not a second migration.
    expect(inbound.events.filter((e) => e.type === "migrated")).toHaveLength(1);
  });

  it("sets the command menu in English and, for zh users, in Chinese", async () => {
    h = await startHarness();
    // Set once polling runs, not before it.
    await h.api.waitFor(
      (e) => e.kind === "call" && e.method === "setMyCommands" && JSON.stringify(e.payload).includes('"zh"'),
    );
    const en = h.api.commands() as Array<{ command: string }>;
    const zh = h.api.commands("zh") as Array<{ command: string; description: string }>;
    // The menu is the router's own reader commands, never an admin command.
    for (const menu of [en, zh]) {
      expect(menu.map((c) => c.command)).toEqual(
        expect.arrayContaining(["today", "section", "join", "help"]),
      );
      expect(menu.map((c) => c.command)).not.toContain("push");
    }
    expect(zh[0]?.description).toMatch(/今天|今日/);
    expect(en.every((c) => /^[a-z0-9_]{1,32}$/.test(c.command))).toBe(true);
  });

  it("knows whether a sender administers the group", async () => {
    h = await startHarness();
    h.api.setMember(-100555, 9, "administrator");
    h.api.pushUpdate(h.api.textMessage({ chat: -100555, from: 9, text: "/subscribe" }));
    h.api.pushUpdate(h.api.textMessage({ chat: -100555, from: 10, text: "/subscribe" }));
    const admin = await h.inbound.next<Incoming>("messages", (m) => m.senderId === "telegram:9");
    const member = await h.inbound.next<Incoming>("messages", (m) => m.senderId === "telegram:10");
    expect(await admin.isChatAdmin?.()).toBe(true);
    expect(await member.isChatAdmin?.()).toBe(false);
  });

  it("survives updates it does not understand and a handler that throws, and never logs the token", async () => {
    h = await startHarness({
      respond: (m) => {
        if (m.text === "boom")
          throw new Error(`handler failed near ${h?.api.url}/bot${h?.api.token}/sendMessage`);
        return [{ blocks: [{ kind: "paragraph", text: "好的" }] }];
      },
    });
    const { api } = h;
    api.pushUpdate({ poll: { id: "1", question: "?" } });
    api.pushUpdate({ message: { message_id: 1, date: 0, chat: { id: 5, type: "private" } } });
    api.pushUpdate({
      message: {
        message_id: 2,
        date: 0,
        chat: { id: 5, type: "private", first_name: "x" },
        from: { id: 5, is_bot: false, first_name: "x" },
        sticker: {},
      },
    });
    api.pushUpdate(api.textMessage({ chat: 5, text: "boom" }));
    api.pushUpdate(api.textMessage({ chat: 5, text: "今日" }));
    await api.waitForSent((m) => m.chatId === 5 && m.parsedText === "好的");
    expect(h.log.raw).toContain("handling an update failed");
    expect(h.log.raw).not.toContain(api.token);
    expect(h.log.raw).not.toContain(api.token.split(":")[1]);
  });

  it("sends images by URL from the base URL, or uploads pictures from the image folder, with captions", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "paperboy-tg-"));
    try {
      mkdirSync(path.join(dir, "images/upload/img/20251125"), { recursive: true });
      writeFileSync(path.join(dir, "images/upload/img/20251125/001.png"), TINY_PNG);
      h = await startHarness({ adapter: { dataDir: dir } });
      await h.adapter.send("telegram:-100600", {
        type: "image",
        src: "/upload/img/20251125/001.png",
        caption: "<b>图</b> &amp;",
        format: "html",
      });
      const local = h.api.sentTo(-100600)[0];
      expect(local?.photo).toEqual({ filename: "001.png", size: TINY_PNG.length });
      expect(local?.parsedText).toBe("图 &");
      await expect(
        h.adapter.send("telegram:-100600", { type: "image", src: "/upload/img/missing.png", format: "html" }),
      ).rejects.toMatchObject({ name: "PermanentError" });
      await h.stop();

      h = await startHarness({ adapter: { imageBaseUrl: "https://img.example.com/news" } });
      await h.adapter.send("telegram:-100600", {
        type: "image",
        src: "/upload/img/20251125/002.png",
        format: "plain",
        caption: "x".repeat(1500),
      });
      const byUrl = h.api.sentTo(-100600)[0];
      expect(byUrl?.photo).toBe("https://img.example.com/news/upload/img/20251125/002.png");
      expect(byUrl?.parsedText.length).toBe(1024);
      // A URL on a host the publisher did not allow is never handed to Telegram.
      await expect(
        h.adapter.send("telegram:-100600", {
          type: "image",
          src: "http://169.254.169.254/x.png",
          format: "plain",
        }),
      ).rejects.toMatchObject({ name: "PermanentError", message: expect.stringContaining("not allowed") });
      expect(h.api.sentTo(-100600)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never uploads the store, the WeChat session, files outside the image folder or links leading out", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "paperboy-tg-"));
    try {
      mkdirSync(path.join(dir, "images"), { recursive: true });
      writeFileSync(path.join(dir, "paperboy.json"), '{"applications":"phone numbers"}');
      writeFileSync(path.join(dir, "wechat.memory-card.json"), '{"session":"secret"}');
      // The store renamed to look like a picture, inside the image folder: refused by its content.
      writeFileSync(path.join(dir, "images", "store.png"), '{"applications":"phone numbers"}');
      symlinkSync("/etc/passwd", path.join(dir, "images", "passwd.png"));
      symlinkSync(dir, path.join(dir, "images", "up"));
      h = await startHarness({ adapter: { dataDir: dir } });
      for (const src of [
        "paperboy.json",
        "/wechat.memory-card.json",
        "../paperboy.json",
        `${dir}/paperboy.json`,
        `file://${dir}/paperboy.json`,
        "/etc/hostname",
        "file:///etc/hostname",
        "../../etc/hostname",
        "store.png",
        "passwd.png",
        "up/paperboy.json",
      ]) {
        await expect(
          h.adapter.send("telegram:-100601", { type: "image", src, format: "html" }),
          src,
        ).rejects.toMatchObject({ name: "PermanentError" });
      }
      expect(h.api.sentTo(-100601)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the Telegram adapter's long polling", () => {
  it("starts polling again after an error telegraf gives up on, without handling an update twice", async () => {
    h = await startHarness({ adapter: { restartDelayMs: 20 } });
    const { api, inbound } = h;
    api.pushUpdate(api.textMessage({ chat: 91, text: "first" }));
    await inbound.next<Incoming>("messages", (m) => m.text === "first");
    api.failNext(1, {
      code: 409,
      method: "getUpdates",
      description: "Conflict: terminated by other getUpdates request",
    });
    api.pushUpdate(api.textMessage({ chat: 91, text: "second" }));
    await inbound.next<Incoming>("messages", (m) => m.text === "second");
    await h.log.waitFor((l) => l.msg === "telegram: long polling stopped; restarting");
    expect(inbound.messages.map((m) => m.text)).toEqual(["first", "second"]);
  });
});

describe("starting the Telegram adapter", () => {
  it("fails at once with a clear message, without the token, when Telegram refuses the token", async () => {
    h = await startHarness();
    const wrong = "987654321:AAwrong-token-for-this-test_xxxxxxxxxx";
    const adapter = createTelegramAdapter({ token: wrong, apiRoot: h.api.url, log: h.log.logger });
    const handlers = { onMessage: async () => [], onChatEvent: async () => [] };
    const err = (await adapter.start(handlers).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toMatch(/token rejected, check TELEGRAM_BOT_TOKEN/);
    expect(err.name).toBe("ConfigError");
    expect(err.message).not.toContain(wrong);
    expect(h.log.raw).not.toContain(wrong.split(":")[1]);
    await adapter.stop();
  });
});

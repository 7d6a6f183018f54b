import { Input, Telegram, TelegramError } from "telegraf";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseHtml } from "../../support/telegram-api/html.ts";
import { startTelegramApi, type TelegramApi } from "../../support/telegram-api/server.ts";

let api: TelegramApi;
let tg: Telegram;
let clock = 0;

beforeEach(async () => {
  clock = 1_000_000;
  api = await startTelegramApi({ now: () => clock });
  tg = new Telegram(api.token, { apiRoot: api.url });
});
afterEach(async () => {
  await api.stop();
});

async function apiError(p: Promise<unknown>): Promise<TelegramError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TelegramError);
  return e as TelegramError;
}

describe("the Telegram Bot API stand-in", () => {
  it("answers getMe and keeps HTML text as readers would see it", async () => {
    const me = await tg.getMe();
    expect(me.username).toBe(api.botUsername);
    const msg = await tg.sendMessage(-100200, "<b>跨境</b> 1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;ok&quot;", {
      parse_mode: "HTML",
    });
    expect(msg.text).toBe('跨境 1 < 2 && 3 > 2 "ok"');
    expect(api.sent[0]?.parsedText).toBe('跨境 1 < 2 && 3 > 2 "ok"');
    expect(api.sent[0]?.entities).toEqual([{ type: "bold", offset: 0, length: 2 }]);
  });

  it("rejects markup the real server cannot parse, too-long and empty texts with 400", async () => {
    for (const bad of ["<p>x</p>", "<b>x", "a & b", "1 < 2", "<b>x</i>"]) {
      const e = await apiError(tg.sendMessage(-1, bad, { parse_mode: "HTML" }));
      expect(e.code).toBe(400);
      expect(e.description).toMatch(/^Bad Request: can't parse entities: /);
    }
    // Markup does not count towards the limit; characters (UTF-16 units) do.
    await tg.sendMessage(1, `<b>${"字".repeat(4096)}</b>`, { parse_mode: "HTML" });
    const long = await apiError(tg.sendMessage(2, "😀".repeat(2049)));
    expect(long.description).toBe("Bad Request: message is too long");
    const empty = await apiError(tg.sendMessage(3, "<b> </b>", { parse_mode: "HTML" }));
    expect(empty.description).toBe("Bad Request: message text is empty");
    const caption = await apiError(
      tg.sendPhoto(4, "https://img.example/x.png", { caption: "x".repeat(1025) }),
    );
    expect(caption.description).toBe("Bad Request: message caption is too long");
    expect(api.stats().badRequest).toBe(8);
  });

  it("answers a long poll as soon as an update is pushed, and confirms it on the next offset", async () => {
    const started = Date.now();
    const poll = tg.callApi("getUpdates", { timeout: 20, offset: 0 });
    setTimeout(
      () => api.pushUpdate(api.textMessage({ chat: -100300, text: `/today@${api.botUsername}` })),
      20,
    );
    const updates = (await poll) as Array<{ update_id: number; message: { entities: unknown } }>;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.message.entities).toEqual([{ type: "bot_command", offset: 0, length: 24 }]);
    const id = updates[0]?.update_id as number;
    await tg.callApi("getUpdates", { timeout: 0, offset: id + 1 });
    await api.waitForConfirmed(id, 1000);
  });

  it("enforces the per-chat, per-group and global flood limits with retry_after", async () => {
    await tg.sendMessage(-500, "one");
    const e = await apiError(tg.sendMessage(-500, "two"));
    expect(e.code).toBe(429);
    expect(e.parameters?.retry_after).toBe(1);
    clock += 1000;
    await tg.sendMessage(-500, "two");
    for (let i = 3; i <= 20; i++) {
      clock += 1000;
      await tg.sendMessage(-500, String(i));
    }
    clock += 1000;
    const group = await apiError(tg.sendMessage(-500, "21"));
    expect(group.parameters?.retry_after).toBeGreaterThan(30);
    // 30 private chats in one second fit; the 31st does not.
    clock += 120_000;
    for (let i = 1; i <= 30; i++) await tg.sendMessage(i, "hi");
    expect((await apiError(tg.sendMessage(31, "hi"))).code).toBe(429);
    api.setLimits(false);
    for (let i = 0; i < 50; i++) await tg.sendMessage(7, "no limits");
    expect(api.stats().tooManyRequests).toBe(3);
  });

  it("answers 403 for a kicked group or a blocked user and 400 with the new id for a migrated group", async () => {
    api.kick(-600, { notify: false });
    const kicked = await apiError(tg.sendMessage(-600, "hi"));
    expect([kicked.code, kicked.description]).toEqual([403, "Forbidden: bot was kicked from the group chat"]);
    api.block(42, { notify: false });
    expect((await apiError(tg.sendMessage(42, "hi"))).description).toBe(
      "Forbidden: bot was blocked by the user",
    );
    api.migrate(-700, -100700);
    const migrated = await apiError(tg.sendMessage(-700, "hi"));
    expect(migrated.parameters?.migrate_to_chat_id).toBe(-100700);
    await tg.sendMessage(-100700, "hi again");
    const updates = (await tg.callApi("getUpdates", { timeout: 0 })) as Array<{
      message?: Record<string, unknown>;
    }>;
    expect(updates.map((u) => u.message?.migrate_to_chat_id ?? u.message?.migrate_from_chat_id)).toEqual([
      -100700, -700,
    ]);
  });

  it("injects server errors and rate limits on demand", async () => {
    api.failNext(1, { code: 502 });
    expect((await apiError(tg.sendMessage(1, "x"))).code).toBe(502);
    api.failNext(1, { code: 429, retryAfter: 7 });
    expect((await apiError(tg.sendMessage(1, "x"))).parameters?.retry_after).toBe(7);
    await tg.sendMessage(1, "x");
    expect(api.stats().serverErrors).toBe(1);
  });

  it("takes photos as URLs or multipart uploads, media groups of 2 to 10, and button callbacks", async () => {
    await tg.sendPhoto(-800, Input.fromBuffer(Buffer.alloc(2048, 1), "a.png"), {
      caption: "<i>图</i>",
      parse_mode: "HTML",
    });
    expect(api.sent[0]?.photo).toEqual({ filename: "a.png", size: 2048 });
    expect(api.sent[0]?.parsedText).toBe("图");
    clock += 1000;
    const one = [{ type: "photo" as const, media: "https://img.example/1.png" }];
    expect((await apiError(tg.sendMediaGroup(-800, one))).code).toBe(400);
    const group = await tg.sendMediaGroup(-800, [
      { type: "photo", media: Input.fromBuffer(Buffer.from("x"), "1.png"), caption: "one" },
      { type: "photo", media: "https://img.example/2.png" },
    ]);
    expect(group).toHaveLength(2);
    expect(api.sentTo(-800)[1]?.media?.[0]?.media).toEqual({ filename: "1.png", size: 1 });
    clock += 1000;
    const seen: string[] = [];
    const unsubscribe = api.onEvent((e) => seen.push(e.kind === "call" ? e.method : e.kind));
    const since = api.mark();
    const waiting = api.waitFor((e) => e.kind === "call" && e.method === "answerCallbackQuery", 2000, since);
    await tg.answerCbQuery("cb1");
    await expect(waiting).resolves.toMatchObject({ ok: true });
    unsubscribe();
    expect(seen).toEqual(["answerCallbackQuery"]);
    const badButton = tg.sendMessage(-800, "x", {
      reply_markup: { inline_keyboard: [[{ text: "x", callback_data: "x".repeat(65) }]] },
    });
    expect((await apiError(badButton)).description).toBe("Bad Request: BUTTON_DATA_INVALID");
  });

  it("parses Telegram HTML like the server: nested tags, links, numeric entities, UTF-16 offsets", () => {
    const parsed = parseHtml(
      '😀 <b>粗<i>斜</i></b> <a href="https://e.com/?a=1&amp;b=2">链接</a> &#60;&#x3E; <code class="language-ts">x</code>',
    );
    expect(parsed.text).toBe("😀 粗斜 链接 <> x");
    expect(parsed.entities).toEqual([
      { type: "bold", offset: 3, length: 2 },
      { type: "italic", offset: 4, length: 1 },
      { type: "text_link", offset: 6, length: 2, url: "https://e.com/?a=1&b=2" },
      { type: "code", offset: 12, length: 1, language: "ts" },
    ]);
    expect(() => parseHtml("line<br>break")).toThrow(/Unsupported start tag "br"/);
    expect(() => parseHtml("<span>x</span>")).toThrow(/tg-spoiler/);
  });

  it("edits messages, answers getChat, invite links and chat actions", async () => {
    const msg = await tg.sendMessage(-900, "v1");
    clock += 1000;
    const edited = (await tg.editMessageText(-900, msg.message_id, undefined, "<b>v2</b>", {
      parse_mode: "HTML",
    })) as { text: string };
    expect(edited.text).toBe("v2");
    expect(api.sentTo(-900)[0]?.parsedText).toBe("v2");
    const same = await apiError(tg.editMessageText(-900, msg.message_id, undefined, "v2"));
    expect(same.description).toMatch(/message is not modified/);
    expect((await apiError(tg.editMessageText(-900, 999, undefined, "x"))).description).toBe(
      "Bad Request: message to edit not found",
    );
    expect(await tg.getChat(-900)).toMatchObject({ id: -900, type: "group" });
    expect((await tg.createChatInviteLink(-900)).invite_link).toMatch(/^https:\/\/t\.me\/\+/);
    expect(await tg.sendChatAction(-900, "typing")).toBe(true);
  });
});

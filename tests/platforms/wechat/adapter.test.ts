import { EventEmitter, once } from "node:events";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { types } from "wechaty";
import type { ChatEvent, InboundHandlers, Incoming, Reply } from "../../../src/core/ports/index.ts";
import { BOT_NAME, createMockWorld, type MockWorld, sendAll, startMockWorld } from "./harness.ts";

/**
 * The adapter against the real wechaty and wechaty-puppet-mock, with a stand-in for the app that
 * records what reached the core and answers a few words the way the router would.
 */

const CROSSBORDER: Reply = {
  blocks: [
    { kind: "heading", text: "跨境快报" },
    { kind: "title", n: 1, text: "海外仓租金回落，卖家开始囤货" },
    { kind: "paragraph", text: "多家海外仓本周下调了旺季附加费，部分卖家提前备货。" },
    { kind: "source", text: "来源：测试通讯社" },
  ],
};
const HEADLINES: Reply = {
  blocks: [
    { kind: "heading", text: "导读" },
    { kind: "list", ordered: true, items: ["平台下调佣金", "海外仓租金回落", "直播带货新规"] },
  ],
};
/** An editorial of about 5,000 characters in 25 paragraphs. */
const LONG_VIEW: Reply = {
  blocks: [
    { kind: "heading", text: "今日观点" },
    ...Array.from({ length: 25 }, (_, i) => ({
      kind: "paragraph" as const,
      text: `第${i + 1}段：${"卖家要算清楚每一笔物流和退货的成本，才能在旺季里守住利润。".repeat(6)}`,
    })),
  ],
};
const HELP: Reply = { blocks: [{ kind: "paragraph", text: "发送「今日」看导读，「跨境」看跨境快报。" }] };
const WELCOME: Reply = { blocks: [{ kind: "paragraph", text: "大家好，我是快报小助手，每晚推送快报。" }] };

function standInApp(answers: Record<string, Reply>) {
  const messages: Incoming[] = [];
  const events: ChatEvent[] = [];
  /** Rooms listed at login (`known`), kept apart from the events the platform pushes. */
  const known: ChatEvent[] = [];
  const arrivals = new EventEmitter();
  /** Resolves once the core has been handed `n` messages. */
  const waitForMessages = async (n: number) => {
    while (messages.length < n) await once(arrivals, "message");
  };
  const make = (adapter: MockWorld["adapter"]): InboundHandlers => ({
    async onMessage(msg) {
      messages.push(msg);
      arrivals.emit("message");
      const reply = answers[msg.text];
      // In groups the router stays quiet unless addressed; keywords count as addressed.
      if (!reply) return [];
      await sendAll(adapter, msg.chatId, [reply]);
      return [reply];
    },
    async onChatEvent(event) {
      if (event.type === "known") {
        known.push(event);
        return [];
      }
      events.push(event);
      if (event.type !== "added") return [];
      await sendAll(adapter, event.chatId, [WELCOME]);
      return [WELCOME];
    },
  });
  return { messages, events, known, make, waitForMessages };
}

let world: MockWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe("WeChat adapter on wechaty-puppet-mock", () => {
  it("a member says 跨境 in a room and the cross-border section arrives in that room", async () => {
    const app = standInApp({ 跨境: CROSSBORDER });
    world = await startMockWorld(app.make);
    const inbox = world.inbox(world.room);

    world.alice.say("跨境").to(world.room);
    await inbox.waitForCount(1);

    expect(inbox.texts[0]).toContain("跨境快报");
    expect(inbox.texts[0]).toContain("海外仓租金回落");
    expect(app.messages[0]).toMatchObject({
      platform: "wechat",
      chatId: `wechat:${world.room.id}`,
      chatKind: "group",
      senderId: `wechat:${world.alice.id}`,
      text: "跨境",
      mentionsBot: false,
    });
  });

  it("@bot 今日 is seen as addressed to the bot, with the mention stripped, and gets the headlines", async () => {
    const app = standInApp({ 今日: HEADLINES });
    world = await startMockWorld(app.make);
    const inbox = world.inbox(world.room);

    world.bob.say(`@${BOT_NAME}\u2005今日`, [world.bot]).to(world.room);
    await inbox.waitForCount(1);

    expect(app.messages[0]).toMatchObject({ text: "今日", mentionsBot: true });
    expect(inbox.texts[0]).toContain("平台下调佣金");
  });

  it("a bare @bot in a room asks for help", async () => {
    const app = standInApp({ "/help": HELP });
    world = await startMockWorld(app.make);
    const inbox = world.inbox(world.room);
    world.bob.say(`@${BOT_NAME}`, [world.bot]).to(world.room);
    await inbox.waitForCount(1);
    expect(app.messages[0]).toMatchObject({ text: "/help", mentionsBot: true });
  });

  it("the room owner is the chat admin; other members are not", async () => {
    const app = standInApp({});
    world = await startMockWorld(app.make);
    world.alice.say("订阅").to(world.room);
    world.bob.say("订阅").to(world.room);
    await app.waitForMessages(2);
    const byAlice = app.messages.find((m) => m.senderId === `wechat:${world?.alice.id}`);
    const byBob = app.messages.find((m) => m.senderId === `wechat:${world?.bob.id}`);
    expect(await byAlice?.isChatAdmin?.()).toBe(true);
    expect(await byBob?.isChatAdmin?.()).toBe(false);
  });

  it("a private message is a private chat keyed by the contact, always addressed to the bot", async () => {
    const app = standInApp({ 跨境: CROSSBORDER });
    world = await startMockWorld(app.make);
    const inbox = world.inbox(world.alice);

    world.alice.say("跨境").to(world.bot);
    await inbox.waitForCount(1);

    expect(app.messages[0]).toMatchObject({
      chatId: `wechat:${world.alice.id}`,
      chatKind: "private",
      mentionsBot: true,
    });
    expect(inbox.texts[0]).toContain("跨境快报");
  });

  it("a long editorial arrives in parts of at most 2000 characters, in order", async () => {
    const app = standInApp({ 观点: LONG_VIEW });
    world = await startMockWorld(app.make);
    const inbox = world.inbox(world.room);
    const parts = world.adapter.render(LONG_VIEW);
    expect(parts.length).toBeGreaterThan(1);

    world.alice.say("观点").to(world.room);
    await inbox.waitForCount(parts.length);

    for (const text of inbox.texts) expect([...text].length).toBeLessThanOrEqual(2000);
    const joined = inbox.texts.join("\n");
    expect(joined.indexOf("第1段")).toBeLessThan(joined.indexOf("第25段"));
    for (let i = 1; i <= 25; i++) expect(joined).toContain(`第${i}段`);
  });

  it("the bot invited to a new room reports it added (with its topic) and welcomes it", async () => {
    const app = standInApp({});
    world = await startMockWorld(app.make);
    const fresh = world.mocker.createRoom({
      topic: "跨境卖家交流群",
      memberIdList: [world.alice.id, world.bob.id],
    });
    const inbox = world.inbox(fresh);

    fresh.add(world.bot).by(world.alice);
    await inbox.waitForCount(1);

    expect(app.events).toContainEqual({
      type: "added",
      chatId: `wechat:${fresh.id}`,
      chatKind: "group",
      title: "跨境卖家交流群",
    });
    expect(inbox.texts[0]).toContain("快报小助手");
  });

  it("members joining a room are not an event for the core; the bot being removed is", async () => {
    const app = standInApp({});
    world = await startMockWorld(app.make);
    const carol = world.mocker.createContact({ name: "Carol" });

    world.room.add(carol).by(world.alice);
    world.room.remove(world.bot).by(world.alice);
    await world.tap.waitFor((l) => l.msg === "wechat: room event", "the removal");

    expect(app.events).toEqual([
      { type: "removed", chatId: `wechat:${world.room.id}`, reason: "removed from the WeChat room" },
    ]);
  });

  it("an invitation to a big room is accepted", async () => {
    const app = standInApp({});
    world = await startMockWorld(app.make);
    let accepted = "";
    world.puppet.roomInvitationAccept = async (id: string) => {
      accepted = id;
    };
    world.puppet.emit("room-invite", { roomInvitationId: "inv-1" });
    await world.tap.waitFor(
      (l) => l.msg === "wechat: room invitation accepted",
      "the invitation to be accepted",
    );
    expect(accepted).toBe("inv-1");
  });

  it("a room topic change is reported as a rename", async () => {
    const app = standInApp({});
    world = await startMockWorld(app.make);
    world.room.topic("老高电商俱乐部 · 广州").by(world.alice);
    await world.tap.waitFor((l) => l.msg === "wechat: room event", "the rename");
    expect(app.events).toEqual([
      { type: "renamed", chatId: `wechat:${world.room.id}`, title: "老高电商俱乐部 · 广州" },
    ]);
  });

  it("the bot's own messages and messages from before the start are ignored", async () => {
    const app = standInApp({ 跨境: CROSSBORDER });
    world = await startMockWorld(app.make);

    world.bot.say("跨境").to(world.room);
    await world.tap.waitFor((l) => l.reason === "self", "the bot's own message to be dropped");

    const old = world.mocker.MessageMock.create({
      id: "old-message-1",
      talkerId: world.alice.id,
      roomId: world.room.id,
      text: "跨境",
      type: types.Message.Text,
      timestamp: Date.now() - 60 * 60_000,
      mentionIdList: [],
    } as never);
    world.puppet.emit("message", { messageId: old.id });
    await world.tap.waitFor((l) => l.reason === "old", "the old message to be dropped");
    await world.adapter.idle();

    expect(app.messages).toEqual([]);
  });

  it("an official account's text in a private chat is not answered", async () => {
    const app = standInApp({ 跨境: CROSSBORDER });
    world = await startMockWorld(app.make);
    const official = world.mocker.createContact({ name: "某服务号", type: types.Contact.Official });
    official.say("跨境").to(world.bot);
    await world.tap.waitFor((l) => l.reason === "official", "the official account's message to be dropped");
    await world.adapter.idle();
    expect(app.messages).toEqual([]);
  });

  it("a friend request is accepted and the new friend greeted with what the bot can do", async () => {
    const app = standInApp({ "/help": HELP });
    world = await startMockWorld(app.make);
    const carol = world.mocker.createContact({ name: "Carol 商家" });
    const inbox = world.inbox(carol);
    await world.puppet.friendshipPayload("fr-1", {
      id: "fr-1",
      contactId: carol.id,
      hello: "你好，我想加入俱乐部",
      type: types.Friendship.Receive,
      timestamp: Date.now(),
    } as never);

    world.puppet.emit("friendship", { friendshipId: "fr-1" });
    await inbox.waitForCount(1);

    expect(inbox.texts[0]).toContain("发送「今日」");
    expect(app.messages[0]).toMatchObject({
      chatId: `wechat:${carol.id}`,
      chatKind: "private",
      text: "/help",
    });
  });

  it("with a keyword filter, a request without the keyword is left alone", async () => {
    const app = standInApp({ "/help": HELP });
    world = await startMockWorld(app.make, { friendKeyword: "加入" });
    const dave = world.mocker.createContact({ name: "Dave" });
    await world.puppet.friendshipPayload("fr-2", {
      id: "fr-2",
      contactId: dave.id,
      hello: "hello",
      type: types.Friendship.Receive,
      timestamp: Date.now(),
    } as never);
    world.puppet.emit("friendship", { friendshipId: "fr-2" });
    await world.tap.waitFor((l) => l.outcome === "no-keyword", "the request to be refused");
    expect(app.messages).toEqual([]);
  });

  it("the same message delivered twice by the puppet (a replay after reconnect) is answered once", async () => {
    const app = standInApp({ 跨境: CROSSBORDER });
    world = await startMockWorld(app.make);
    const inbox = world.inbox(world.room);
    const msg = world.mocker.MessageMock.create({
      id: "dup-1",
      talkerId: world.alice.id,
      roomId: world.room.id,
      text: "跨境",
      type: types.Message.Text,
      timestamp: Date.now(),
      mentionIdList: [],
    } as never);
    world.puppet.emit("message", { messageId: msg.id });
    world.puppet.emit("message", { messageId: msg.id });
    world.bob.say("跨境").to(world.room);
    await inbox.waitForCount(2);
    await world.adapter.idle();
    expect(app.messages.map((m) => m.senderId)).toEqual([
      `wechat:${world.alice.id}`,
      `wechat:${world.bob.id}`,
    ]);
  });

  it("stopped and started again, the adapter answers each message once", async () => {
    const app = standInApp({ 跨境: CROSSBORDER });
    const w = createMockWorld();
    world = w;
    const handlers = app.make(w.adapter);
    await w.adapter.start(handlers);
    await w.login();
    await w.adapter.stop();
    await w.adapter.start(handlers);
    await w.login();
    const inbox = w.inbox(w.room);
    w.alice.say("跨境").to(w.room);
    await inbox.waitForCount(1);
    w.bob.say("跨境").to(w.room);
    await inbox.waitForCount(2);
    await w.adapter.idle();
    expect(app.messages).toHaveLength(2);
    expect(inbox.count).toBe(2);
  });

  it("a burst of 200 messages in 50 rooms is answered in full, in order within each room", async () => {
    const answers: Record<string, Reply> = {};
    for (let i = 1; i <= 4; i++)
      answers[`/issue 第${i}问`] = { blocks: [{ kind: "paragraph", text: `答${i}` }] };
    const app = standInApp(answers);
    world = await startMockWorld(app.make);
    const w = world;
    const rooms = Array.from({ length: 50 }, (_, i) =>
      w.mocker.createRoom({ topic: `群${i}`, memberIdList: [w.bot.id, w.alice.id] }),
    );
    const inboxes = rooms.map((r) => w.inbox(r));
    const started = performance.now();
    for (let i = 1; i <= 4; i++) for (const r of rooms) w.alice.say(`/issue 第${i}问`).to(r);
    await Promise.all(inboxes.map((b) => b.waitForCount(4)));
    const elapsed = performance.now() - started;
    for (const b of inboxes) expect(b.texts).toEqual(["答1", "答2", "答3", "答4"]);
    expect(elapsed).toBeLessThan(5000);
  });

  it("a wechaty error event is logged and the bot carries on", async () => {
    const app = standInApp({ 跨境: CROSSBORDER });
    world = await startMockWorld(app.make);
    const inbox = world.inbox(world.room);
    const emitter = world.wechaty as unknown as EventEmitter;
    expect(() => emitter.emit("error", new Error("payload lookup failed"))).not.toThrow();
    await world.tap.waitFor((l) => l.err === "payload lookup failed", "the error to be logged");
    world.alice.say("跨境").to(world.room);
    await inbox.waitForCount(1);
  });

  it("the login QR code is drawn in the terminal and its URL logged", async () => {
    const drawn: string[] = [];
    const qrOut = new Writable({
      write(chunk, _enc, done) {
        drawn.push(String(chunk));
        done();
      },
    });
    world = await startMockWorld(standInApp({}).make, { qrOut });
    world.mocker.scan("https://login.weixin.qq.com/l/paperboy-test", types.ScanStatus.Waiting);
    const line = await world.tap.waitFor(
      (l) => l.msg === "wechat: waiting for a QR code scan",
      "the scan log",
    );
    expect(String(line.url)).toContain(encodeURIComponent("https://login.weixin.qq.com/l/paperboy-test"));
    expect(drawn.join("")).toMatch(/Scan with WeChat/);
    // qrcode-terminal draws with block characters.
    expect(drawn.join("").split("\n").length).toBeGreaterThan(10);
  });
});

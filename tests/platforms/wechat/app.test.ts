import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { types } from "wechaty";
import { type App, createApp } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import type { Issue } from "../../../src/domain/issue.ts";
import { loadIssueFile } from "../../../src/ingest/index.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { BOT_NAME, createMockWorld, type MockWorld } from "./harness.ts";

/**
 * The whole bot in process: the real app (router, delivery pacer, WeChat renderer) on an in-memory
 * store, serving WeChat through the adapter on a real wechaty with wechaty-puppet-mock.
 */

const FIXTURE = fileURLToPath(new URL("./fixtures/issue-zh.txt", import.meta.url));

function todayInShanghai(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** The fixture issue, with an editorial long enough to need several WeChat messages. */
async function fixtureIssue(): Promise<Issue> {
  const issue = await loadIssueFile(FIXTURE, { date: todayInShanghai(), tz: "Asia/Shanghai" });
  const longBody = Array.from(
    { length: 30 },
    (_, i) => `第${i + 1}段：${"小商家与其盯着佣金，不如把每一单的流量成本和退货成本算清楚。".repeat(5)}`,
  ).join("\n");
  return {
    ...issue,
    sections: issue.sections.map((s) => (s.key === "view" ? { ...s, body: longBody, items: [] } : s)),
  };
}

let world: MockWorld | undefined;
let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  await world?.stop();
  app = undefined;
  world = undefined;
});

async function startBot(minIntervalMs = 0): Promise<{ world: MockWorld; app: App; store: MemoryStore }> {
  const store = new MemoryStore();
  await store.putIssue(await fixtureIssue());
  const w = createMockWorld({ minIntervalMs });
  world = w;
  const config = loadConfig({
    PAPERBOY_DATA_DIR: w.dataDir,
    // Far from now: no scheduled push runs during a test.
    PAPERBOY_PUSH_AT: "0 0 1 1 *",
    WECHATY_PUPPET: "wechaty-puppet-mock",
    WECHAT_MIN_INTERVAL_MS: String(minIntervalMs),
  });
  app = await createApp(config, { store, log: w.tap.logger, adapters: [w.adapter] });
  await app.start();
  await w.login();
  return { world: w, app, store };
}

describe("the bot in WeChat, end to end with the real app", () => {
  it("a member says 跨境 in a room and gets the cross-border section, and only that", async () => {
    const { world } = await startBot();
    const inbox = world.inbox(world.room);
    world.alice.say("跨境").to(world.room);
    await inbox.waitForCount(1);
    const said = inbox.texts.join("\n");
    expect(said).toContain("跨境快报");
    expect(said).toContain("海外仓租金回落");
    expect(said).not.toContain("直播带货新规");
  });

  it("@bot 今日 gets today's headlines", async () => {
    const { world } = await startBot();
    const inbox = world.inbox(world.room);
    world.bob.say(`@${BOT_NAME}\u2005今日`, [world.bot]).to(world.room);
    await inbox.waitForCount(1);
    const said = inbox.texts.join("\n");
    expect(said).toContain("平台下调小商家佣金");
    expect(said).toContain("直播带货新规出台");
  });

  it("ordinary chatter in a room gets no answer", async () => {
    const { world } = await startBot();
    const inbox = world.inbox(world.room);
    world.alice.say("今天天气不错，大家吃了吗").to(world.room);
    world.alice.say("跨境").to(world.room);
    await inbox.waitForCount(1);
    await world.adapter.idle();
    // The one answer is to 跨境; the chatter got none.
    expect(inbox.count).toBe(1);
    expect(inbox.texts[0]).toContain("跨境快报");
  });

  it("a room the account was in before the first start is listed at login as known but not subscribed, and nothing is said there", async () => {
    const { world, store } = await startBot();
    const inbox = world.inbox(world.room);
    await world.tap.waitFor((l) => l.msg === "wechat: rooms listed", "the room listing");
    expect(await store.getChat(`wechat:${world.room.id}`)).toMatchObject({
      platform: "wechat",
      kind: "group",
      title: "老高电商俱乐部 · 深圳",
      state: "active",
      subscribed: false,
    });
    await world.adapter.idle();
    expect(inbox.count).toBe(0);
    // 订阅 from the room's owner subscribes it as before.
    world.alice.say("订阅").to(world.room);
    await inbox.waitForCount(1);
    expect((await store.getChat(`wechat:${world.room.id}`))?.subscribed).toBe(true);
  });

  it("invited to a new room, the bot welcomes it and lists it as subscribed; removed, as inactive", async () => {
    const { world, store } = await startBot();
    const fresh = world.mocker.createRoom({ topic: "跨境卖家交流群", memberIdList: [world.alice.id] });
    const inbox = world.inbox(fresh);

    fresh.add(world.bot).by(world.alice);
    await inbox.waitForCount(1);
    expect(inbox.texts[0]?.length).toBeGreaterThan(0);
    expect(await store.getChat(`wechat:${fresh.id}`)).toMatchObject({
      platform: "wechat",
      kind: "group",
      title: "跨境卖家交流群",
      state: "active",
      subscribed: true,
    });

    fresh.remove(world.bot).by(world.alice);
    await world.tap.waitFor((l) => l.msg === "chat marked inactive", "the chat to be marked inactive");
    expect(await store.getChat(`wechat:${fresh.id}`)).toMatchObject({ state: "inactive" });
  });

  it("a renamed room keeps its id and gets the new topic as its title", async () => {
    const { world, store } = await startBot();
    const fresh = world.mocker.createRoom({ topic: "旧群名", memberIdList: [world.alice.id] });
    const inbox = world.inbox(fresh);
    fresh.add(world.bot).by(world.alice);
    await inbox.waitForCount(1);

    fresh.topic("新群名 🚀").by(world.alice);
    await world.tap.waitFor((l) => l.msg === "wechat: room event" && l.type === "renamed", "the rename");
    await world.adapter.idle();
    expect(await store.getChat(`wechat:${fresh.id}`)).toMatchObject({ title: "新群名 🚀", state: "active" });
  });

  it("a friend request is accepted and greeted with what the bot can do", async () => {
    const { world } = await startBot();
    const carol = world.mocker.createContact({ name: "Carol 商家" });
    const inbox = world.inbox(carol);
    await world.puppet.friendshipPayload("fr-app-1", {
      id: "fr-app-1",
      contactId: carol.id,
      hello: "我想加入俱乐部",
      type: types.Friendship.Receive,
      timestamp: Date.now(),
    } as never);
    world.puppet.emit("friendship", { friendshipId: "fr-app-1" });
    await inbox.waitForCount(1);
    // The greeting is the bot's help: it names the commands a reader can send.
    expect(inbox.texts.join("\n")).toMatch(/今日/);
  });

  it("a long editorial arrives in parts of at most 2000 characters, all of it, in order", async () => {
    const { world, app } = await startBot();
    const inbox = world.inbox(world.room);
    world.alice.say("观点").to(world.room);
    // About 4,700 characters: at least three messages of at most 2000.
    await inbox.waitForCount(3);
    await world.adapter.idle();
    for (const text of inbox.texts) expect([...text].length).toBeLessThanOrEqual(2000);
    const joined = inbox.texts.join("\n");
    for (let i = 1; i <= 30; i++) expect(joined).toContain(`第${i}段`);
    expect(joined.indexOf("第1段")).toBeLessThan(joined.indexOf("第30段"));
    expect(app.adapters).toHaveLength(1);
  });

  it("the parts of a long section are paced by the account's minimum interval", async () => {
    const { world } = await startBot(150);
    const inbox = world.inbox(world.room);
    world.alice.say("观点").to(world.room);
    await inbox.waitForCount(3);
    const gaps = inbox.times.slice(1).map((t, i) => t - (inbox.times[i] ?? t));
    // A few milliseconds of timer slack at most; the pacer adds up to half an interval of jitter on top.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(140);
  });

  it("in a private chat the bot answers a section word, and points to help for what it does not understand", async () => {
    const { world } = await startBot();
    const inbox = world.inbox(world.bob);
    world.bob.say("跨境").to(world.bot);
    await inbox.waitForCount(1);
    expect(inbox.texts.join("\n")).toContain("海外仓租金回落");
    world.bob.say("请问你们几点推送？").to(world.bot);
    await inbox.waitForCount(2);
    expect(inbox.texts.at(-1)).toMatch(/帮助|help/i);
  });

  it("/join in a room points to a private chat instead of collecting anything in the room", async () => {
    const { world } = await startBot();
    const inbox = world.inbox(world.room);
    world.alice.say("加入").to(world.room);
    await inbox.waitForCount(1);
    expect(inbox.texts.join("\n")).toMatch(/好友|私聊|private/);
  });
});

import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { Ledger } from "../../../src/delivery/ledger.ts";
import { todayIn } from "../../../src/domain/today.ts";
import { loadIssueFile } from "../../../src/ingest/index.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { createMockWorld, type MockWorld, type RoomMock, Transcript } from "./harness.ts";

/**
 * The evening push on WeChat through the real app (planner, ledger, worker, dispatcher, pacer) on an
 * in-memory store, into rooms of a real wechaty on wechaty-puppet-mock.
 */

const FIXTURE = fileURLToPath(new URL("./fixtures/issue-zh.txt", import.meta.url));
const INTERVAL_MS = 50;
/** What each room must get, one message each, in this order (the footer closes the editorial). */
const ORDER = ["#老高电商快报#", "【电商快报】", "【跨境快报】", "【今日老高观点】"];

let world: MockWorld | undefined;
let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  await world?.stop();
  app = undefined;
  world = undefined;
});

/** The app on the mock puppet with `rooms` subscribed rooms, started but not logged in yet. */
async function startBot(roomCount: number) {
  const bot = await buildBot(roomCount);
  await bot.app.start();
  return bot;
}

async function buildBot(roomCount: number) {
  const today = todayIn("Asia/Shanghai", new Date());
  const store = new MemoryStore();
  await store.putIssue(await loadIssueFile(FIXTURE, { date: today, tz: "Asia/Shanghai" }));
  const w = createMockWorld({ minIntervalMs: INTERVAL_MS });
  world = w;
  const rooms: RoomMock[] = [];
  for (let i = 0; i < roomCount; i++) {
    const room = w.mocker.createRoom({
      topic: `卖家交流群 ${i + 1} 🚀`,
      memberIdList: [w.bot.id, w.alice.id, w.bob.id],
      ownerId: w.alice.id,
    });
    rooms.push(room);
    await store.upsertChat({
      id: `wechat:${room.id}`,
      platform: "wechat",
      kind: "group",
      title: room.payload.topic,
    });
  }
  const config = loadConfig({
    PAPERBOY_DATA_DIR: w.dataDir,
    // Far from now: only the pushes the tests start run.
    PAPERBOY_PUSH_AT: "0 0 1 1 *",
    WECHATY_PUPPET: "wechaty-puppet-mock",
    WECHAT_MIN_INTERVAL_MS: String(INTERVAL_MS),
  });
  const a = await createApp(config, { store, log: w.tap.logger, adapters: [w.adapter] });
  app = a;
  const transcript = new Transcript([...rooms, w.bob], w.bot.id);
  /** A second app on the same store, data dir and WeChat account: the bot restarted. */
  const restart = async () => {
    const b = await createApp(config, { store, log: w.tap.logger, adapters: [w.adapter] });
    app = b;
    await b.start();
    return b;
  };
  return { world: w, app: a, store, rooms, transcript, today, restart };
}

function expectWholeIssue(texts: string[]): void {
  expect(texts).toHaveLength(ORDER.length);
  ORDER.forEach((marker, i) => {
    expect(texts[i]).toContain(marker);
  });
  expect(texts.at(-1)).toContain("转载请注明出处");
}

describe("the evening push on WeChat", () => {
  it("every room gets the headlines and each section once, in order, one send per interval across rooms", async () => {
    const { world, app, rooms, transcript } = await startBot(6);
    await world.login();
    const report = await app.delivery.runPush({ requestedBy: "test" });

    expect(report.messages).toMatchObject({ sent: rooms.length * ORDER.length, failed: 0, skipped: 0 });
    for (const room of rooms) expectWholeIssue(transcript.to(room.id).map((s) => s.text));
    // One account, one send at a time: the gaps between rooms are paced too, not only within one room.
    const gaps = transcript.said.slice(1).map((s, i) => s.at - (transcript.said[i] as { at: number }).at);
    expect(gaps).toHaveLength(rooms.length * ORDER.length - 1);
    // The pacer spaces the grants; what the mock sees adds the puppet's own lookup time before each
    // message, which varies by a few milliseconds (more on a busy machine): allow a fifth of slack on
    // each gap, none on average (the pacer adds up to half an interval of jitter on top).
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS * 0.8);
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeGreaterThanOrEqual(INTERVAL_MS);
    expect(new Set(transcript.said.slice(0, rooms.length).map((s) => s.to)).size).toBe(rooms.length);
  });

  it("a room the bot is removed from mid-push is marked inactive and gets nothing more; the others get everything", async () => {
    const { world, app, store, rooms, transcript } = await startBot(4);
    const [kicked, ...kept] = rooms as [RoomMock, ...RoomMock[]];
    await world.login();
    const pushing = app.delivery.runPush({ requestedBy: "test" });
    // As soon as the room has its first message, its owner removes the bot.
    await once(kicked as never, "message");
    kicked.remove(world.bot).by(world.alice);
    const removedAt = performance.now();
    const report = await pushing;

    const got = transcript.to(kicked.id);
    // A send already under way when the bot was removed may still land; nothing after it.
    expect(got.filter((s) => s.at > removedAt).length).toBeLessThanOrEqual(1);
    expect(got.length).toBeLessThan(ORDER.length);
    expect(await store.getChat(`wechat:${kicked.id}`)).toMatchObject({ state: "inactive" });
    expect(report.messages.skipped).toBe(ORDER.length - got.length);
    for (const room of kept) expectWholeIssue(transcript.to(room.id).map((s) => s.text));

    // The next push leaves the inactive room out of the plan altogether.
    const again = await app.delivery.runPush({ date: report.date, requestedBy: "test" });
    expect(again.messages.pending).toBe(0);
    expect(transcript.to(kicked.id)).toHaveLength(got.length);
  });

  it("a reader's question during a push is answered before the queued push messages", async () => {
    const { world, app, rooms, transcript } = await startBot(10);
    await world.login();
    const pushing = app.delivery.runPush({ requestedBy: "test" });
    // A few sends in, every room is queued behind the reader.
    await transcript.until((said) => said.length >= 3, "the push to be under way");
    const before = transcript.said.length;
    world.bob.say("今日").to(world.bot);
    await transcript.until((said) => said.some((s) => s.to === world.bob.id), "the answer to the reader");
    const reply = transcript.said.findIndex((s) => s.to === world.bob.id);
    await pushing;

    // Ten rooms were waiting for their turn; the reply went at the next one or two sends, not after them.
    expect(reply - before).toBeLessThanOrEqual(2);
    expect(transcript.said[reply]?.text).toContain("平台下调小商家佣金");
    expect(transcript.said.length - reply - 1).toBeGreaterThan(rooms.length);
  });
});

describe("the evening push while WeChat is not logged in", () => {
  const offline = (l: Record<string, unknown>) => /account is offline/.test(String(l.msg));

  it("a push started before the QR scan waits, then goes out in full after the login", async () => {
    const { world, app, rooms, transcript } = await startBot(3);
    const pushing = app.delivery.runPush({ requestedBy: "test" });
    await world.tap.waitFor(offline, "the sends to wait for the login");
    expect(transcript.said).toHaveLength(0);

    await world.login();
    const report = await pushing;
    expect(report.messages).toMatchObject({ sent: rooms.length * ORDER.length, failed: 0, skipped: 0 });
    for (const room of rooms) expectWholeIssue(transcript.to(room.id).map((s) => s.text));
    expect(app.delivery.dispatcher.stats.transientFailures).toBe(0);
  });

  it("stopped while waiting for the login, nothing is marked failed, and the next start resumes it after the login", async () => {
    const { world, app, rooms, transcript, today, restart } = await startBot(3);
    const pushing = app.delivery.runPush({ requestedBy: "test" });
    await world.tap.waitFor(offline, "the sends to wait for the login");
    await app.stop();
    expect((await pushing).status).toBe("stopped");

    const ledger = await Ledger.open(world.dataDir, `${today}-evening`);
    expect(ledger.counts()).toMatchObject({ pending: rooms.length * ORDER.length, failed: 0, sent: 0 });
    await ledger.close();

    const again = await restart();
    await world.login();
    await again.delivery.resumed();
    for (const room of rooms) expectWholeIssue(transcript.to(room.id).map((s) => s.text));
  });
});

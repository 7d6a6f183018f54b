import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { todayIn } from "../../../src/domain/today.ts";
import { fetchIntoStore } from "../../../src/ingest/web/fetch-into-store.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { type PublisherSite, startPublisherSite } from "../../ingest/web/site.ts";
import { createMockWorld, type MockWorld, type RoomMock, Transcript } from "./harness.ts";

let world: MockWorld | undefined;
let app: App | undefined;
let site: PublisherSite | undefined;
afterEach(async () => {
  await app?.stop();
  await world?.stop();
  await site?.stop();
  app = undefined;
  world = undefined;
  site = undefined;
});

describe("a correction on WeChat, which cannot edit", () => {
  it("each room gets one short 更正 notice per changed section with the corrected item; nothing else is sent again", async () => {
    const tz = "Asia/Shanghai";
    site = await startPublisherSite(todayIn(tz));
    const w = createMockWorld({ minIntervalMs: 20 });
    world = w;
    const store = new MemoryStore();
    const rooms: RoomMock[] = [];
    for (let i = 0; i < 2; i++) {
      const room = w.mocker.createRoom({
        topic: `卖家群 ${i + 1}`,
        memberIdList: [w.bot.id, w.alice.id],
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
      PAPERBOY_TZ: tz,
      PAPERBOY_PUSH_AT: "0 0 1 1 *",
      PAPERBOY_SOURCE_URL: `${site.base}/feed.xml`,
      PAPERBOY_RECHECK_MINUTES: "0",
      PAPERBOY_FETCH_RETRIES: "0",
      WECHATY_PUPPET: "wechaty-puppet-mock",
      WECHAT_MIN_INTERVAL_MS: "20",
    });
    expect((await fetchIntoStore(config, store)).status).toBe("stored");
    app = await createApp(config, { store, log: w.tap.logger, adapters: [w.adapter], watchMs: 60_000 });
    const transcript = new Transcript(rooms, w.bot.id);
    await app.start();
    await w.login();
    expect((await app.delivery.pushNow({ requestedBy: "test" })).started).toBe(true);
    await app.delivery.idle();
    const pushed = rooms.map((r) => transcript.to(r.id).length);
    for (const n of pushed) expect(n).toBeGreaterThanOrEqual(4);

    site.editArticle("退货运费规则", "退货运费分摊规则");
    expect((await app.source?.fetchNow())?.status).toBe("stored");
    await app.approvals.idle();

    for (const [i, room] of rooms.entries()) {
      const fresh = transcript.to(room.id).slice(pushed[i]);
      // The lead and the e-commerce section changed: one notice each, nothing else.
      expect(fresh).toHaveLength(2);
      for (const s of fresh) expect(s.text).toContain("更正");
      const section = fresh.find((s) => s.text.includes("【电商快报】"))?.text ?? "";
      expect(section).toContain("某平台调整退货运费分摊规则");
      // Only the corrected item, not the unchanged one beside it.
      expect(section).not.toContain("直播间禁止虚假");
    }

    // Fetching again finds nothing new (304): no second notice.
    expect((await app.source?.fetchNow())?.status).toBe("unchanged");
    await app.approvals.idle();
    rooms.forEach((room, i) => {
      expect(transcript.to(room.id)).toHaveLength((pushed[i] ?? 0) + 2);
    });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import type { ApplicationRecord } from "../../../src/core/apply/index.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { type ContactMock, createMockWorld, type MockWorld } from "../../platforms/wechat/harness.ts";

/**
 * The merchant application through the whole bot (createApp) on a real wechaty with
 * wechaty-puppet-mock: text answers in a private chat, the admin's `通过 1`, and the applicant added
 * to the club room by the WeChat adapter.
 */

let world: MockWorld | undefined;
let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  await world?.stop();
  app = undefined;
  world = undefined;
});

describe("applying through the whole bot on WeChat", () => {
  it("a merchant applies in private, the admin approves by typing 通过 1, the merchant joins the club room", async () => {
    const w = createMockWorld({ minIntervalMs: 0 });
    world = w;
    const club = w.mocker.createRoom({
      topic: "老高电商俱乐部",
      memberIdList: [w.bot.id, w.bob.id],
      ownerId: w.bob.id,
    });
    const roomAdds: { room: string; contact: string }[] = [];
    const puppet = w.puppet as unknown as { roomAdd(room: string, contact: string): Promise<void> };
    const roomAdd = puppet.roomAdd.bind(puppet);
    puppet.roomAdd = async (room, contact) => {
      roomAdds.push({ room, contact });
      await roomAdd(room, contact);
    };
    const config = loadConfig({
      PAPERBOY_DATA_DIR: w.dataDir,
      PAPERBOY_PUSH_AT: "0 0 1 1 *",
      PAPERBOY_ADMINS: `wechat:${w.bob.id}`,
      PAPERBOY_CLUB_CHATS: `wechat:${club.id}`,
      WECHATY_PUPPET: "wechaty-puppet-mock",
      WECHAT_MIN_INTERVAL_MS: "0",
    });
    const store = new MemoryStore();
    app = await createApp(config, { store, log: w.tap.logger, adapters: [w.adapter] });
    await app.start();
    await w.login();

    const aliceInbox = w.inbox(w.alice);
    const bobInbox = w.inbox(w.bob);
    const talk = async (who: ContactMock, inbox: ReturnType<MockWorld["inbox"]>, text: string) => {
      const before = inbox.count;
      who.say(text).to(w.bot);
      await inbox.waitForCount(before + 1);
      return inbox.texts.slice(before).join("\n");
    };

    expect(await talk(w.alice, aliceInbox, "加入")).toContain("店铺叫什么名字");
    expect(await talk(w.alice, aliceInbox, "Alice 的袜子铺")).toContain("发送「4」：拼多多");
    expect(await talk(w.alice, aliceInbox, "4")).toContain("店铺链接");
    expect(await talk(w.alice, aliceInbox, "https://mobile.yangkeduo.com/alice")).toContain("主营类目");
    // 跨境 is a section keyword everywhere else; here it is the merchant's category.
    expect(await talk(w.alice, aliceInbox, "跨境")).toContain("怎么称呼");
    expect(await talk(w.alice, aliceInbox, "Alice")).toContain("联系方式");
    expect(await talk(w.alice, aliceInbox, "alice_socks")).toContain("主营类目：跨境");

    const bobBefore = bobInbox.count;
    expect(await talk(w.alice, aliceInbox, "确认")).toContain("编号 #1");
    await bobInbox.waitForCount(bobBefore + 1);
    expect(bobInbox.texts.slice(bobBefore).join("\n")).toContain("发送「通过 1」");

    const aliceBefore = aliceInbox.count;
    expect(await talk(w.bob, bobInbox, "通过 1")).toContain("已通过申请 #1");
    await aliceInbox.waitForCount(aliceBefore + 1);
    expect(aliceInbox.texts.at(-1)).toContain("已经邀请你进入俱乐部群");
    expect(roomAdds).toEqual([{ room: club.id, contact: w.alice.id }]);
    expect(await store.collection<ApplicationRecord>("applications").get("1")).toMatchObject({
      status: "approved",
      invite: "room",
      contact: { kind: "wechat", value: "alice_socks" },
    });
    expect(JSON.stringify(w.tap.lines)).not.toContain("alice_socks");
  });
});

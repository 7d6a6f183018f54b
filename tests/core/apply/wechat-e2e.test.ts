import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { createApplications, type Invites } from "../../../src/core/apply/index.ts";
import { createRouter, type Router } from "../../../src/core/index.ts";
import type { Reply } from "../../../src/core/ports/index.ts";
import { platformDirectory } from "../../../src/platforms/registry.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { type ContactMock, type MockWorld, sendAll, startMockWorld } from "../../platforms/wechat/harness.ts";

/**
 * The application dialogue on a real wechaty with wechaty-puppet-mock: a merchant answers in text
 * (numbers for the platform, `修改 4`, `确认`), an admin approves by typing `通过 1`, and the merchant
 * is added to the club room by the WeChat adapter's `addToRoom`.
 */

let world: MockWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe("applying on WeChat, end to end", () => {
  it("text answers, a re-asked phone, an edit, 确认, an admin's 通过 and the applicant added to the club room", async () => {
    const roomAdds: { room: string; contact: string }[] = [];
    let router: Router | undefined;
    world = await startMockWorld((adapter) => ({
      async onMessage(msg) {
        const replies = (await router?.handle(msg)) ?? [];
        await sendAll(adapter, msg.chatId, replies);
        return replies;
      },
      async onChatEvent() {
        return [];
      },
    }));
    const w = world;
    // The WeChat adapter's own `addToRoom` (wechaty `room.add`), watched at the puppet.
    const puppet = w.puppet as unknown as { roomAdd(room: string, contact: string): Promise<void> };
    const roomAdd = puppet.roomAdd.bind(puppet);
    puppet.roomAdd = async (room, contact) => {
      roomAdds.push({ room, contact });
      await roomAdd(room, contact);
    };
    const addToRoom = w.adapter.addToRoom?.bind(w.adapter);
    if (!addToRoom) throw new Error("the WeChat adapter has no addToRoom");
    const invites: Invites = { addToRoom };
    const store = new MemoryStore();
    const config = loadConfig({
      PAPERBOY_DATA_DIR: w.dataDir,
      PAPERBOY_ADMINS: `wechat:${w.bob.id}`,
      PAPERBOY_CLUB_CHATS: `wechat:${w.room.id}`,
    });
    const apps = createApplications({
      store,
      platforms: platformDirectory,
      config,
      log: w.tap.logger,
      outbox: { send: (chatId: string, reply: Reply) => sendAll(w.adapter, chatId, [reply]) },
      invites,
    });
    // As the app wires it: the dialogue intercepts, the review commands are the router's.
    const deps = { store, config, log: w.tap.logger, platforms: platformDirectory };
    router = createRouter({ ...deps, interceptors: [apps], applications: apps });
    const aliceInbox = w.inbox(w.alice);
    const bobInbox = w.inbox(w.bob);

    const talk = async (who: ContactMock, inbox: ReturnType<MockWorld["inbox"]>, text: string) => {
      const before = inbox.count;
      who.say(text).to(w.bot);
      await inbox.waitForCount(before + 1);
      return inbox.texts.slice(before).join("\n");
    };

    expect(await talk(w.alice, aliceInbox, "申请入会")).toContain("店铺叫什么名字");
    const platform = await talk(w.alice, aliceInbox, "Alice 的袜子铺");
    expect(platform).toContain("发送「2」：淘宝");
    expect(await talk(w.alice, aliceInbox, "2")).toContain("店铺链接");
    expect(await talk(w.alice, aliceInbox, "alice.taobao.com")).toContain("主营类目");
    expect(await talk(w.alice, aliceInbox, "袜子")).toContain("怎么称呼");
    expect(await talk(w.alice, aliceInbox, "Alice")).toContain("联系方式");
    expect(await talk(w.alice, aliceInbox, "1380000")).toContain("11 位数字");
    const summary = await talk(w.alice, aliceInbox, "138-0000-1234");
    expect(summary).toContain("主营类目：袜子");
    expect(summary).toContain("发送「修改 4」");
    expect(await talk(w.alice, aliceInbox, "修改 4")).toContain("主营类目是什么");
    expect(await talk(w.alice, aliceInbox, "袜子和内衣")).toContain("主营类目：袜子和内衣");

    const bobBefore = bobInbox.count;
    expect(await talk(w.alice, aliceInbox, "确认")).toContain("编号 #1");
    await bobInbox.waitForCount(bobBefore + 1);
    const notice = bobInbox.texts.slice(bobBefore).join("\n");
    expect(notice).toContain("新的入会申请 #1");
    expect(notice).toContain("发送「通过 1」");

    // The applicant cannot approve themselves.
    expect(await talk(w.alice, aliceInbox, "通过 1")).toContain("只有管理员");
    expect(roomAdds).toEqual([]);

    const aliceBefore = aliceInbox.count;
    expect(await talk(w.bob, bobInbox, "通过 1")).toContain("已通过申请 #1");
    await aliceInbox.waitForCount(aliceBefore + 1);
    expect(aliceInbox.texts.at(-1)).toContain("已经邀请你进入俱乐部群");
    expect(roomAdds).toEqual([{ room: w.room.id, contact: w.alice.id }]);
  });
});

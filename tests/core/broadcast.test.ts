import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AuditRecord, listAudit } from "../../src/core/index.ts";
import type {
  Block,
  Incoming,
  OutPart,
  PlatformAdapter,
  Reply,
  SendReceipt,
} from "../../src/core/ports/index.ts";
import { createDelivery, type Delivery } from "../../src/delivery/index.ts";
import type { Platform } from "../../src/domain/chat.ts";
import { platformDirectory } from "../../src/platforms/registry.ts";
import type { MemoryStore } from "../../src/store/memory.ts";
import { group, type Harness, harness, msg, silentLog, textOf } from "./helpers.ts";

/** The admin (PAPERBOY_ADMINS=telegram:1) writing to the bot in private. */
const ADMIN = { senderId: "telegram:1", chatId: "telegram:1" };
const NOTICE = "各位会员：俱乐部年会定在 1月20日，地点 <杭州> & 线上同步。\n\n报名请回复「加入」。";

/** A platform that takes every message and remembers it (the delivery layer, limiter and ledger are real). */
function recordingPlatform(platform: Platform) {
  const sent: Array<{ chatId: string; text: string }> = [];
  const blockText = (b: Block) => ("text" in b ? b.text : "items" in b ? b.items.join("\n") : "");
  const adapter: PlatformAdapter = {
    platform,
    start: async () => {},
    stop: async () => {},
    render: (reply: Reply): OutPart[] => [
      { type: "text", text: reply.blocks.map(blockText).join("\n"), format: "plain" },
    ],
    async send(chatId: string, part: OutPart): Promise<SendReceipt> {
      sent.push({ chatId, text: part.type === "text" ? part.text : "" });
      return { messageId: String(sent.length) };
    },
  };
  return { adapter, sent };
}

let dataDir: string;
let delivery: Delivery | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-broadcast-core-"));
});
afterEach(async () => {
  await delivery?.stop();
  delivery = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

/** The real router and MemoryStore, wired to a real delivery layer over two recording platforms. */
async function setup(env: Record<string, string> = {}) {
  const telegram = recordingPlatform("telegram");
  const wechat = recordingPlatform("wechat");
  let live: Delivery | undefined;
  const h: Harness = await harness({
    env: { PAPERBOY_DATA_DIR: dataDir, ...env },
    admin: {
      pushNow: async () => ({ started: false, message: "not in this test" }),
      broadcast: (req) => (live as Delivery).broadcast(req),
      broadcastAudience: () => (live as Delivery).broadcastAudience(),
    },
  });
  live = createDelivery({
    store: h.store,
    adapters: [telegram.adapter, wechat.adapter],
    config: h.config,
    log: silentLog,
    now: () => h.clock.now,
    control: false,
    schedule: false,
    limits: { telegram: { global: [], perChat: () => [] }, wechat: { global: [], perChat: () => [] } },
  });
  delivery = live;
  const { store } = h;
  await store.upsertChat({ id: "telegram:-100", platform: "telegram", kind: "group", title: "卖家群" });
  await store.upsertChat({ id: "telegram:2", platform: "telegram", kind: "private" });
  await store.upsertChat({ id: "wechat:R1@chatroom", platform: "wechat", kind: "group" });
  await store.upsertChat({ id: "telegram:-101", platform: "telegram", kind: "group", state: "paused" });
  await store.upsertChat({ id: "telegram:-102", platform: "telegram", kind: "group", state: "inactive" });
  await store.upsertChat({ id: "wechat:R2@chatroom", platform: "wechat", kind: "group", subscribed: false });
  // Subscribed, but on a platform this bot does not run: not counted, not planned.
  await store.upsertChat({ id: "console:local", platform: "console", kind: "private" });
  const sentEverywhere = () => [...telegram.sent, ...wechat.sent];
  return { ...h, delivery: live, telegram, wechat, sentEverywhere };
}

async function auditOf(store: MemoryStore): Promise<AuditRecord[]> {
  return listAudit(store);
}

const say = (router: Harness["router"], text: string, over: Partial<Incoming> = ADMIN) =>
  router.handle(msg(text, over));

describe("/broadcast", () => {
  it("answers an admin with a preview of the text as written and its reach per platform, and sends nothing yet", async () => {
    const { router, store, sentEverywhere } = await setup();
    const replies = await say(router, `/broadcast ${NOTICE}`);
    const text = textOf(replies);
    expect(text).toContain("预览");
    expect(text).toContain("公告");
    // The announcement is kept as typed: full-width punctuation is not folded, markup characters stay text.
    expect(text).toContain("各位会员：俱乐部年会定在 1月20日，地点 <杭州> & 线上同步。");
    expect(text).toContain("报名请回复「加入」。");
    // Active and subscribed only, on a running platform: the paused, the inactive, the unsubscribed
    // and the console chat are not counted.
    expect(text).toContain("将发送给 3 个会话（telegram 2、wechat 1）");
    expect(text).toContain("10 分钟");
    expect(replies[1]?.buttons?.flat()).toEqual([
      expect.objectContaining({ data: "/broadcast confirm", keyword: "确认广播" }),
      expect.objectContaining({ data: "/broadcast cancel", keyword: "取消广播" }),
    ]);
    expect(sentEverywhere()).toEqual([]);
    expect(await store.collection("broadcastDrafts").get("telegram:1")).toMatchObject({ text: NOTICE });
    const [record] = await auditOf(store);
    expect(record).toMatchObject({ who: "telegram:1", allowed: true, at: "2018-01-08T12:00:00.000Z" });
    expect(record?.what.startsWith("broadcast 各位会员")).toBe(true);
    expect(record?.outcome).toMatch(/^previewed to 3 chats/);
  });

  it("on confirmation sends the announcement once to every active subscribed chat and reports to the admin", async () => {
    const { router, store, delivery, telegram, wechat } = await setup();
    await say(router, `/broadcast ${NOTICE}`);
    const started = textOf(await say(router, "/broadcast confirm"));
    expect(started).toBe(
      "公告 broadcast-1 开始发送：3 个会话（telegram 2、wechat 1）。发完后我会把报告发给你。",
    );
    await delivery.broadcastsIdle();

    const announcements = [...telegram.sent, ...wechat.sent].filter((m) => m.text.startsWith("公告\n"));
    expect(announcements.map((m) => m.chatId).sort()).toEqual([
      "telegram:-100",
      "telegram:2",
      "wechat:R1@chatroom",
    ]);
    for (const m of announcements) expect(m.text).toBe(`公告\n${NOTICE.replace("\n\n", "\n")}`);
    // The report goes to the admin who asked, in the chat where they confirmed.
    const report = telegram.sent.filter((m) => m.chatId === "telegram:1").map((m) => m.text);
    expect(report).toHaveLength(1);
    expect(report[0]).toContain("广播报告 broadcast-1");
    expect(report[0]).toContain("3/3");

    // The draft is gone: confirming again sends nothing more.
    expect(textOf(await say(router, "确认广播"))).toContain("没有等待确认的公告");
    await delivery.broadcastsIdle();
    expect([...telegram.sent, ...wechat.sent].filter((m) => m.text.startsWith("公告\n"))).toHaveLength(3);
    expect((await auditOf(store)).map((r) => r.outcome)).toEqual([
      expect.stringMatching(/^previewed/),
      "confirmed: broadcast-1 to 3 chats (telegram 2、wechat 1)",
      "confirm: nothing pending",
    ]);
  });

  it("/stats shows the last announcement and how many chats it reached", async () => {
    const { router, delivery } = await setup();
    await say(router, `/broadcast ${NOTICE}`);
    await say(router, "/broadcast confirm");
    await delivery.broadcastsIdle();
    expect(textOf(await say(router, "/stats"))).toMatch(/上次公告 broadcast-1：done，已送达 3\/3 个会话/);
  });

  it("two confirmations of one preview at the same moment start one broadcast", async () => {
    const { router, delivery, sentEverywhere } = await setup();
    await say(router, `/broadcast ${NOTICE}`);
    const answers = await Promise.all([say(router, "/broadcast confirm"), say(router, "/broadcast confirm")]);
    await delivery.broadcastsIdle();
    const started = answers.filter((a) => textOf(a).includes("开始发送"));
    expect(started).toHaveLength(1);
    expect(sentEverywhere().filter((m) => m.text.startsWith("公告\n"))).toHaveLength(3);
  });

  it("a Telegram button press with data /broadcast confirm confirms like the command", async () => {
    const { router, delivery, sentEverywhere } = await setup();
    await say(router, `/broadcast ${NOTICE}`);
    const pressed = await router.handle(msg("/broadcast confirm", { ...ADMIN, isCallback: true }));
    expect(textOf(pressed)).toContain("broadcast-1");
    await delivery.broadcastsIdle();
    expect(sentEverywhere().filter((m) => m.text.startsWith("公告\n"))).toHaveLength(3);
  });

  it("after a preview, a bare 确认 / yes sends it and a bare 取消 drops it; elsewhere the words mean what they always do", async () => {
    const { router, store, delivery, sentEverywhere, clock } = await setup();
    await say(router, `/broadcast ${NOTICE}`);
    expect(textOf(await say(router, "确认"))).toContain("broadcast-1");
    await delivery.broadcastsIdle();
    expect(sentEverywhere().filter((m) => m.text.startsWith("公告\n"))).toHaveLength(3);
    await say(router, "/broadcast 第二条");
    expect(textOf(await say(router, "取消"))).toBe("已取消这条公告，什么也没有发送。");
    clock.now = new Date(clock.now.getTime() + 1000);
    await say(router, "/broadcast 第三条");
    expect(textOf(await say(router, "yes!"))).toContain("broadcast-2");
    await delivery.broadcastsIdle();
    // With nothing pending, 确认 is not a command: the bot says it did not understand.
    expect(textOf(await say(router, "确认"))).toContain("没听懂");
    expect(await store.collection("broadcastDrafts").list()).toEqual([]);
  });

  it("/broadcast cancel (or 取消广播) drops the preview and nothing is sent", async () => {
    const { router, store, delivery, sentEverywhere } = await setup();
    await say(router, `/broadcast ${NOTICE}`);
    expect(textOf(await say(router, "取消广播"))).toBe("已取消这条公告，什么也没有发送。");
    expect(textOf(await say(router, "/broadcast confirm"))).toContain("没有等待确认的公告");
    await delivery.broadcastsIdle();
    expect(sentEverywhere()).toEqual([]);
    expect(await store.collection("broadcastDrafts").list()).toEqual([]);
    await say(router, "/broadcast 另一条");
    expect(textOf(await say(router, "/broadcast cancel"))).toContain("已取消");
  });

  it("a non-admin is refused at every step, nothing is drafted or sent, and each refusal is audited", async () => {
    const { router, store, delivery, sentEverywhere } = await setup();
    const stranger = { senderId: "telegram:66", chatId: "telegram:66" };
    expect(textOf(await say(router, `/broadcast ${NOTICE}`, stranger))).toBe(
      "抱歉，这个指令只有管理员可以使用。",
    );
    // Even with an admin's preview waiting, a stranger's confirmation does nothing.
    await say(router, `/broadcast ${NOTICE}`);
    expect(textOf(await say(router, "/broadcast confirm", stranger))).toContain("只有管理员");
    expect(
      textOf(await say(router, "确认广播", { ...stranger, chatId: "telegram:-100", chatKind: "group" })),
    ).toContain("只有管理员");
    await delivery.broadcastsIdle();
    expect(sentEverywhere()).toEqual([]);
    expect((await store.collection("broadcastDrafts").list()).map((d) => d.id)).toEqual(["telegram:1"]);
    const refused = (await auditOf(store)).filter((r) => !r.allowed);
    expect(refused.map((r) => [r.who, r.what, r.outcome])).toEqual([
      ["telegram:66", expect.stringMatching(/^broadcast 各位会员/), "refused: not an admin"],
      ["telegram:66", "broadcast confirm", "refused: not an admin"],
      ["telegram:66", "broadcast", "refused: not an admin"],
    ]);
  });

  it("a preview not confirmed within ten minutes expires and sends nothing", async () => {
    const { router, clock, delivery, store, sentEverywhere } = await setup();
    await say(router, `/broadcast ${NOTICE}`);
    clock.now = new Date(clock.now.getTime() + 10 * 60_000 + 1000);
    expect(textOf(await say(router, "/broadcast confirm"))).toContain("超过 10 分钟没有确认，已作废");
    await delivery.broadcastsIdle();
    expect(sentEverywhere()).toEqual([]);
    expect(await store.collection("broadcastDrafts").list()).toEqual([]);
    expect((await auditOf(store)).at(-1)?.outcome).toMatch(/^confirm: expired/);
  });

  it("a preview survives a restart: a new router over the same store confirms it", async () => {
    const first = await setup();
    await say(first.router, `/broadcast ${NOTICE}`);
    const { createRouter } = await import("../../src/core/index.ts");
    const restarted = createRouter({
      store: first.store,
      config: first.config,
      platforms: platformDirectory,
      log: silentLog,
      now: () => first.clock.now,
      admin: {
        pushNow: async () => ({ started: false, message: "" }),
        broadcast: (r) => first.delivery.broadcast(r),
      },
    });
    expect(textOf(await restarted.handle(msg("/broadcast confirm", ADMIN)))).toContain("broadcast-1");
    await first.delivery.broadcastsIdle();
    expect(first.sentEverywhere().filter((m) => m.text.startsWith("公告\n"))).toHaveLength(3);
  });

  it("empty text gets the usage; text over 3,500 characters is refused; 3,500 exactly is fine", async () => {
    const { router, store } = await setup();
    expect(textOf(await say(router, "/broadcast"))).toContain("用法：/broadcast 公告内容");
    expect(textOf(await say(router, "/broadcast    "))).toContain("用法");
    expect(textOf(await say(router, `/broadcast ${"长".repeat(3501)}`))).toBe(
      "公告太长了：3501 字，最多 3500 字。",
    );
    expect(await store.collection("broadcastDrafts").list()).toEqual([]);
    expect(textOf(await say(router, `/broadcast ${"长".repeat(3500)}`))).toContain("将发送给 3 个会话");
    expect(
      (await store.collection<{ id: string; text: string }>("broadcastDrafts").get("telegram:1"))?.text,
    ).toHaveLength(3500);
  });

  it("while pushes are paused the preview warns and a confirmation keeps the draft and sends nothing", async () => {
    const { router, store, delivery, sentEverywhere } = await setup();
    await store.setSetting("paused", true);
    expect(textOf(await say(router, `/broadcast ${NOTICE}`))).toContain("全部推送目前已暂停");
    expect(textOf(await say(router, "/broadcast confirm"))).toContain("公告没有发送");
    await delivery.broadcastsIdle();
    expect(sentEverywhere()).toEqual([]);
    await store.setSetting("paused", false);
    expect(textOf(await say(router, "/broadcast confirm"))).toContain("开始发送");
  });

  it("works in the admin group as /broadcast@Bot and after a WeChat @mention, keeping the text as typed", async () => {
    const { router, delivery, sentEverywhere } = await setup({
      PAPERBOY_ADMIN_CHAT: "telegram:-100900",
      PAPERBOY_ADMINS: "telegram:77",
    });
    const inAdminChat = { chatId: "telegram:-100900", senderId: "telegram:77" };
    // A member of the admin chat who is not listed in PAPERBOY_ADMINS cannot broadcast to every group.
    expect(
      textOf(
        await router.handle(
          group(`/broadcast@PaperboyBot ${NOTICE}`, { ...inAdminChat, senderId: "telegram:78" }),
        ),
      ),
    ).toContain("PAPERBOY_ADMINS");
    const preview = textOf(await router.handle(group(`/broadcast@PaperboyBot ${NOTICE}`, inAdminChat)));
    expect(preview).toContain(NOTICE.split("\n")[0]);
    expect(textOf(await router.handle(group("/broadcast@PaperboyBot confirm", inAdminChat)))).toContain(
      "broadcast-1",
    );
    await delivery.broadcastsIdle();
    expect(sentEverywhere().filter((m) => m.text.startsWith("公告\n"))).toHaveLength(3);
    await delivery.stop();

    const wechatAdmin = await setup({ PAPERBOY_ADMINS: "wechat:wxid_boss" });
    const mention = textOf(
      await wechatAdmin.router.handle(
        msg("@Paperboy\u2005/broadcast 明天（周六）停更一天，周一见！", {
          platform: "wechat",
          chatId: "wechat:R9@chatroom",
          chatKind: "group",
          senderId: "wechat:wxid_boss",
          mentionsBot: true,
        }),
      ),
    );
    expect(mention).toContain("明天（周六）停更一天，周一见！");
  });

  it("speaks English to an English admin chat", async () => {
    const { router } = await setup({ PAPERBOY_LOCALE: "en" });
    const text = textOf(await say(router, "/broadcast Club dinner on Friday"));
    expect(text).toContain("Announcement");
    expect(text).toContain("It will go to 3 chats (telegram 2");
    expect(textOf(await say(router, "/broadcast cancel"))).toBe("Announcement dropped; nothing was sent.");
  });
});

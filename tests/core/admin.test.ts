import { describe, expect, it } from "vitest";
import { listAudit } from "../../src/core/index.ts";
import type { AdminActions } from "../../src/core/types.ts";
import { emptyReport } from "../../src/delivery/report.ts";
import type { Store } from "../../src/store/store.ts";
import { group, harness, ISSUE_0107, ISSUE_0108, msg, parseIssue, textOf } from "./helpers.ts";

const ADMIN = { senderId: "telegram:1", chatId: "telegram:1" };

/** Stands in for the delivery layer's push and remembers what it was asked. */
function recordingPush(result = { started: true, message: "4 chats" }) {
  const calls: Parameters<AdminActions["pushNow"]>[0][] = [];
  const admin: AdminActions = {
    async pushNow(opts) {
      calls.push(opts);
      return result;
    },
  };
  return { admin, calls };
}

async function audit(store: Store) {
  return listAudit(store);
}

describe("admin commands", () => {
  it("a non-admin /push changes nothing, gets a short refusal, and is audited as refused", async () => {
    const { admin, calls } = recordingPush();
    const { router, store } = await harness({ admin });
    const text = textOf(
      await router.handle(msg("/push 2018-01-08", { senderId: "telegram:66", chatId: "telegram:66" })),
    );
    expect(text).toBe("抱歉，这个指令只有管理员可以使用。");
    expect(calls).toEqual([]);
    expect(await audit(store)).toEqual([
      expect.objectContaining({
        who: "telegram:66",
        chatId: "telegram:66",
        what: "push 2018-01-08",
        allowed: false,
        at: "2018-01-08T12:00:00.000Z",
      }),
    ]);
  });

  it("an admin /push [date] calls the delivery layer with who asked and where to answer, and is audited", async () => {
    const { admin, calls } = recordingPush();
    const { router, store } = await harness({ admin, issues: [parseIssue(ISSUE_0107, "2018-01-07")] });
    expect(textOf(await router.handle(msg("/push", ADMIN)))).toBe("已开始推送：4 chats");
    expect(textOf(await router.handle(msg("/push 1月7日", ADMIN)))).toContain("已开始推送");
    expect(calls).toEqual([
      { date: undefined, requestedBy: "telegram:1", replyTo: "telegram:1" },
      { date: "2018-01-07", requestedBy: "telegram:1", replyTo: "telegram:1" },
    ]);
    const records = await audit(store);
    expect(records.map((r) => [r.what, r.allowed, r.outcome])).toEqual([
      ["push", true, "started: 4 chats"],
      ["push 1月7日", true, "started: 4 chats"],
    ]);
  });

  it("without the delivery layer, /push says honestly that delivery is not running", async () => {
    const { router } = await harness();
    expect(textOf(await router.handle(msg("/push", ADMIN)))).toBe("推送服务没有运行，现在无法推送。");
  });

  it("anyone writing in the admin chat counts as an admin, but /push is for the admins listed by id", async () => {
    const { admin, calls } = recordingPush();
    const { router, store } = await harness({
      admin,
      env: { PAPERBOY_ADMIN_CHAT: "telegram:-100900", PAPERBOY_ADMINS: "telegram:1" },
    });
    expect(
      textOf(await router.handle(group("/pause", { chatId: "telegram:-100900", senderId: "telegram:77" }))),
    ).toContain("已暂停全部推送");
    const refused = textOf(
      await router.handle(group("/push", { chatId: "telegram:-100900", senderId: "telegram:77" })),
    );
    expect(refused).toContain("PAPERBOY_ADMINS");
    expect(calls).toHaveLength(0);
    await router.handle(group("/push", { chatId: "telegram:-100900", senderId: "telegram:1" }));
    expect(calls).toHaveLength(1);
    expect((await audit(store)).map((r) => [r.what, r.allowed])).toContainEqual(["push", false]);
  });

  it("/pause and /resume toggle the global pause; a non-admin cannot", async () => {
    const { router, store } = await harness();
    expect(textOf(await router.handle(msg("/pause")))).toContain("只有管理员");
    expect(await store.getSetting("paused")).toBeUndefined();
    expect(textOf(await router.handle(msg("/pause", ADMIN)))).toContain("已暂停全部推送");
    expect(await store.getSetting("paused")).toBe(true);
    expect(textOf(await router.handle(msg("/resume", ADMIN)))).toContain("已恢复全部推送");
    expect(await store.getSetting("paused")).toBe(false);
    expect((await audit(store)).map((r) => [r.what, r.allowed])).toEqual([
      ["pause", false],
      ["pause", true],
      ["resume", true],
    ]);
  });

  it("/pause <chat> pauses one chat and /resume <chat> resumes it; a removed chat stays removed", async () => {
    const { router, store } = await harness();
    await router.onChatEvent({ type: "added", chatId: "telegram:-100500", chatKind: "group", title: "群" });
    await router.onChatEvent({ type: "added", chatId: "telegram:-100600", chatKind: "group", title: "旧群" });
    await router.onChatEvent({ type: "removed", chatId: "telegram:-100600", reason: "kicked" });
    await router.handle(msg("/pause telegram:-100500", ADMIN));
    expect((await store.getChat("telegram:-100500"))?.state).toBe("paused");
    await router.handle(msg("/resume telegram:-100500", ADMIN));
    expect((await store.getChat("telegram:-100500"))?.state).toBe("active");
    expect(textOf(await router.handle(msg("/resume telegram:-100600", ADMIN)))).toContain("kicked");
    expect((await store.getChat("telegram:-100600"))?.state).toBe("inactive");
    expect(textOf(await router.handle(msg("/pause telegram:-999", ADMIN)))).toContain("没有找到会话");
    expect(textOf(await router.handle(msg("/pause nowhere", ADMIN)))).toMatch(/<平台>:<ID>/);
  });

  it("/stats counts chats per platform and state, subscribers, and shows the last push report", async () => {
    const { router, store } = await harness({ issues: [parseIssue(ISSUE_0108, "2018-01-08")] });
    await router.onChatEvent({ type: "added", chatId: "telegram:-1", chatKind: "group", title: "a" });
    await router.onChatEvent({ type: "added", chatId: "telegram:-2", chatKind: "group", title: "b" });
    await router.onChatEvent({ type: "added", chatId: "wechat:R1@chatroom", chatKind: "group", title: "c" });
    await router.onChatEvent({ type: "removed", chatId: "telegram:-2", reason: "kicked" });
    await store.setSetting("lastPushReport", { date: "2018-01-08", sent: 2, failed: 0 });
    const text = textOf(await router.handle(msg("/stats", ADMIN)));
    expect(text).toContain("telegram：活跃 1，暂停 0，已移除 1");
    expect(text).toContain("wechat：活跃 1，暂停 0，已移除 0");
    expect(text).toContain("正在订阅的会话：2");
    expect(text).toContain("sent: 2");
    expect(textOf(await router.handle(msg("/stats")))).toContain("只有管理员");
  });

  it("/stats words a delivery push report as the delivery layer does", async () => {
    const { router, store } = await harness();
    const report = emptyReport({ date: "2018-01-08", edition: "evening", status: "paused", at: new Date() });
    await store.setSetting("lastPushReport", report);
    const text = textOf(await router.handle(msg("/stats", ADMIN)));
    expect(text).toContain("推送报告 2018-01-08（晚报）");
    expect(text).toContain("推送已暂停，未推送");
  });

  it("admin rights are checked on every call, from the config given", async () => {
    const { router } = await harness({ env: { PAPERBOY_ADMINS: "" } });
    expect(textOf(await router.handle(msg("/stats", ADMIN)))).toContain("只有管理员");
  });
});

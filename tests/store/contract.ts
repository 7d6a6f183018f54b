import { beforeEach, describe, expect, it } from "vitest";
import type { Chat } from "../../src/domain/chat.ts";
import { IssueAlreadyPushedError, type Store, StoreError } from "../../src/store/store.ts";
import { makeIssue, manualClock } from "./fixtures.ts";

/**
 * The behaviour every Store implementation shares. `open` gets a clock to use for timestamps and
 * returns a fresh, empty store.
 */
export function storeContract(name: string, open: (now: () => Date) => Promise<Store>): void {
  describe(`${name} (Store contract)`, () => {
    let store: Store;
    let clock: ReturnType<typeof manualClock>;

    beforeEach(async () => {
      clock = manualClock();
      store = await open(clock.now);
      return () => store.close();
    });

    describe("issues", () => {
      it("gives back a stored issue by date, evening by default", async () => {
        const issue = makeIssue();
        expect(await store.putIssue(issue)).toEqual({ replaced: false });
        expect(await store.getIssue("2024-03-05")).toEqual(issue);
        expect(await store.getIssue("2024-03-05", "evening")).toEqual(issue);
        expect(await store.getIssue("2024-03-05", "morning")).toBeUndefined();
        expect(await store.getIssue("2024-03-06")).toBeUndefined();
      });

      it("replaces an issue of the same date and edition and says so", async () => {
        await store.putIssue(makeIssue({ title: "first" }));
        expect(await store.putIssue(makeIssue({ title: "second" }))).toEqual({ replaced: true });
        expect((await store.getIssue("2024-03-05"))?.title).toBe("second");
        expect(await store.listIssues()).toHaveLength(1);
        // Another edition of the same day is a different issue.
        expect(await store.putIssue(makeIssue({ edition: "morning" }))).toEqual({ replaced: false });
      });

      it("refuses to replace a pushed issue without force, and keeps pushedAt when forced", async () => {
        await store.putIssue(makeIssue({ title: "first" }));
        await store.markIssuePushed("2024-03-05", "evening", "2024-03-05T10:00:00.000Z");
        await expect(store.putIssue(makeIssue({ title: "second" }))).rejects.toBeInstanceOf(
          IssueAlreadyPushedError,
        );
        expect((await store.getIssue("2024-03-05"))?.title).toBe("first");
        expect(await store.putIssue(makeIssue({ title: "second" }), { force: true })).toEqual({
          replaced: true,
        });
        expect((await store.getIssue("2024-03-05"))?.title).toBe("second");
        expect((await store.listIssues())[0]?.pushedAt).toBe("2024-03-05T10:00:00.000Z");
      });

      it("keeps the first push time and ignores marking an unknown issue", async () => {
        await store.putIssue(makeIssue());
        await store.markIssuePushed("2024-03-05", "evening", "2024-03-05T10:00:00.000Z");
        await store.markIssuePushed("2024-03-05", "evening", "2024-03-05T11:00:00.000Z");
        await store.markIssuePushed("2031-01-01", "evening", "2024-03-05T11:00:00.000Z");
        const list = await store.listIssues();
        expect(list).toHaveLength(1);
        expect(list[0]?.pushedAt).toBe("2024-03-05T10:00:00.000Z");
      });

      it("finds the latest issue on or before a date, the evening after the morning of one day", async () => {
        expect(await store.latestIssue("2024-03-05")).toBeUndefined();
        await store.putIssue(makeIssue({ date: "2024-03-04", title: "4 evening" }));
        await store.putIssue(makeIssue({ date: "2024-03-05", edition: "morning", title: "5 morning" }));
        await store.putIssue(makeIssue({ date: "2024-03-07", title: "7 evening" }));
        expect((await store.latestIssue("2024-03-05"))?.title).toBe("5 morning");
        await store.putIssue(makeIssue({ date: "2024-03-05", edition: "evening", title: "5 evening" }));
        expect((await store.latestIssue("2024-03-05"))?.title).toBe("5 evening");
        expect((await store.latestIssue("2024-03-06"))?.title).toBe("5 evening");
        expect((await store.latestIssue("2024-03-04"))?.title).toBe("4 evening");
        expect((await store.latestIssue("2024-03-31"))?.title).toBe("7 evening");
        expect(await store.latestIssue("2024-03-03")).toBeUndefined();
      });

      it("lists summaries newest first with section keys and import time", async () => {
        await store.putIssue(makeIssue({ date: "2024-03-04" }));
        clock.advance(60_000);
        await store.putIssue(makeIssue({ date: "2024-03-05", edition: "morning" }));
        await store.putIssue(makeIssue({ date: "2024-03-05" }));
        const list = await store.listIssues();
        expect(list.map((s) => `${s.date}-${s.edition}`)).toEqual([
          "2024-03-05-evening",
          "2024-03-05-morning",
          "2024-03-04-evening",
        ]);
        expect(list[2]).toMatchObject({
          title: "3月5日电商晚报",
          sections: ["ecommerce", "view"],
          importedAt: "2024-03-05T10:00:00.000Z",
        });
        expect(list[0]?.importedAt).toBe("2024-03-05T10:01:00.000Z");
        expect(list[0]?.pushedAt).toBeUndefined();
      });

      it("hands out copies: changing a returned issue changes nothing stored", async () => {
        const issue = makeIssue();
        await store.putIssue(issue);
        issue.title = "changed after put";
        const got = await store.getIssue("2024-03-05");
        if (!got) throw new Error("issue missing");
        got.sections.pop();
        expect(await store.getIssue("2024-03-05")).toEqual(makeIssue());
      });
    });

    describe("chats", () => {
      const group = { id: "telegram:-100123", platform: "telegram", kind: "group" } as const;

      it("inserts a chat with defaults and timestamps", async () => {
        const chat = await store.upsertChat({ ...group, title: "卖家群 <1>" });
        expect(chat).toEqual({
          ...group,
          title: "卖家群 <1>",
          state: "active",
          subscribed: true,
          sections: "all",
          createdAt: "2024-03-05T10:00:00.000Z",
          updatedAt: "2024-03-05T10:00:00.000Z",
        });
        expect(await store.getChat(group.id)).toEqual(chat);
      });

      it("merges an update: given fields replace, others stay, createdAt is kept", async () => {
        await store.upsertChat({ ...group, title: "old title", sections: ["crossborder"] });
        clock.advance(5_000);
        const chat = await store.upsertChat({
          ...group,
          state: "inactive",
          inactiveReason: "kicked",
          title: undefined,
        });
        expect(chat).toMatchObject({
          title: "old title",
          sections: ["crossborder"],
          state: "inactive",
          inactiveReason: "kicked",
          createdAt: "2024-03-05T10:00:00.000Z",
          updatedAt: "2024-03-05T10:00:05.000Z",
        });
        expect(await store.getChat(group.id)).toEqual(chat);
      });

      it("a chat that becomes active again forgets why it was inactive", async () => {
        await store.upsertChat({ ...group, state: "inactive", inactiveReason: "kicked" });
        const back = await store.upsertChat({ ...group, state: "active" });
        expect(back.state).toBe("active");
        expect(back.inactiveReason).toBeUndefined();
        expect((await store.getChat(group.id))?.inactiveReason).toBeUndefined();
      });

      it("filters chats by platform, state and subscription", async () => {
        await store.upsertChat(group);
        await store.upsertChat({
          id: "telegram:42",
          platform: "telegram",
          kind: "private",
          subscribed: false,
        });
        await store.upsertChat({
          id: "wechat:R1@chatroom",
          platform: "wechat",
          kind: "group",
          state: "paused",
        });
        const ids = (chats: Chat[]) => chats.map((c) => c.id).sort();
        expect(ids(await store.listChats())).toEqual([
          "telegram:-100123",
          "telegram:42",
          "wechat:R1@chatroom",
        ]);
        expect(ids(await store.listChats({ platform: "telegram" }))).toEqual([
          "telegram:-100123",
          "telegram:42",
        ]);
        expect(ids(await store.listChats({ subscribed: false }))).toEqual(["telegram:42"]);
        expect(ids(await store.listChats({ state: "paused" }))).toEqual(["wechat:R1@chatroom"]);
        expect(
          ids(await store.listChats({ platform: "telegram", state: "active", subscribed: true })),
        ).toEqual(["telegram:-100123"]);
      });

      it("knows nothing of a chat never stored, even one named like an object property", async () => {
        expect(await store.getChat("telegram:1")).toBeUndefined();
        expect(await store.getChat("constructor")).toBeUndefined();
        expect(await store.listChats()).toEqual([]);
      });

      it("refuses a chat whose id is not namespaced by its platform, storing nothing", async () => {
        await expect(store.upsertChat({ id: "12345", platform: "telegram", kind: "group" })).rejects.toThrow(
          StoreError,
        );
        await expect(
          store.upsertChat({ id: "wechat:R1@chatroom", platform: "telegram", kind: "group" }),
        ).rejects.toThrow(/does not belong to platform telegram/);
        expect(await store.listChats()).toEqual([]);
      });
    });

    describe("settings", () => {
      it("stores, replaces and gives back copies of values", async () => {
        expect(await store.getSetting("paused")).toBeUndefined();
        await store.setSetting("paused", true);
        await store.setSetting("lastReport", { sent: 3, failed: ["wechat:R9@chatroom"] });
        expect(await store.getSetting<boolean>("paused")).toBe(true);
        const report = await store.getSetting<{ sent: number; failed: string[] }>("lastReport");
        expect(report).toEqual({ sent: 3, failed: ["wechat:R9@chatroom"] });
        report?.failed.push("changed");
        await store.setSetting("paused", false);
        expect(await store.getSetting("paused")).toBe(false);
        expect(await store.getSetting("lastReport")).toEqual({ sent: 3, failed: ["wechat:R9@chatroom"] });
        expect(await store.getSetting("toString")).toBeUndefined();
      });
    });

    describe("collections", () => {
      type Application = { id: string; name: string; step: number };

      it("puts, gets, lists and deletes records by id", async () => {
        const apps = store.collection<Application>("applications");
        expect(await apps.get("a1")).toBeUndefined();
        expect(await apps.list()).toEqual([]);
        await apps.put({ id: "a1", name: "茶叶店", step: 1 });
        await apps.put({ id: "a2", name: "Shoe shop", step: 2 });
        await apps.put({ id: "a1", name: "茶叶店", step: 3 });
        expect(await apps.get("a1")).toEqual({ id: "a1", name: "茶叶店", step: 3 });
        expect((await apps.list()).map((a) => a.id).sort()).toEqual(["a1", "a2"]);
        expect(await apps.delete("a1")).toBe(true);
        expect(await apps.delete("a1")).toBe(false);
        expect(await apps.get("a1")).toBeUndefined();
        expect(await apps.list()).toEqual([{ id: "a2", name: "Shoe shop", step: 2 }]);
      });

      it("keeps collections apart by name", async () => {
        await store.collection<Application>("applications").put({ id: "x", name: "a", step: 1 });
        expect(await store.collection<Application>("dialogues").get("x")).toBeUndefined();
        expect(await store.collection<Application>("applications").get("x")).toMatchObject({ name: "a" });
      });

      it("updates a record in one step: create, change, delete, and leaves it alone when fn throws", async () => {
        const apps = store.collection<Application>("applications");
        const created = await apps.update("a1", (cur) => cur ?? { id: "a1", name: "new", step: 0 });
        expect(created).toEqual({ id: "a1", name: "new", step: 0 });
        const changed = await apps.update("a1", (cur) => cur && { ...cur, step: cur.step + 1 });
        expect(changed).toEqual({ id: "a1", name: "new", step: 1 });
        await expect(
          apps.update("a1", () => {
            throw new Error("handler failed");
          }),
        ).rejects.toThrow("handler failed");
        expect(await apps.get("a1")).toEqual({ id: "a1", name: "new", step: 1 });
        expect(await apps.update("a1", () => undefined)).toBeUndefined();
        expect(await apps.get("a1")).toBeUndefined();
        expect(await apps.update("never", () => undefined)).toBeUndefined();
        await expect(apps.update("a2", () => ({ id: "other", name: "moved", step: 0 }))).rejects.toThrow(
          StoreError,
        );
        await expect(apps.put({ name: "no id", step: 0 } as unknown as Application)).rejects.toThrow(
          StoreError,
        );
        expect(await apps.list()).toEqual([]);
      });

      it("fails only the bad one of several concurrent changes", async () => {
        const results = await Promise.allSettled([
          store.upsertChat({ id: "telegram:1", platform: "telegram", kind: "group" }),
          store.upsertChat({ id: "not-namespaced", platform: "telegram", kind: "group" }),
          store.collection<{ id: string }>("apps").update("x", () => {
            throw new Error("handler failed");
          }),
          store.setSetting("paused", true),
        ]);
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
        expect((await store.listChats()).map((c) => c.id)).toEqual(["telegram:1"]);
        expect(await store.getSetting("paused")).toBe(true);
        expect(await store.collection("apps").list()).toEqual([]);
      });

      it("counts every one of many concurrent updates", async () => {
        const counters = store.collection<{ id: string; n: number }>("counters");
        await Promise.all(
          Array.from({ length: 25 }, () =>
            counters.update("c", (cur) => ({ id: "c", n: (cur?.n ?? 0) + 1 })),
          ),
        );
        expect(await counters.get("c")).toEqual({ id: "c", n: 25 });
      });
    });
  });
}

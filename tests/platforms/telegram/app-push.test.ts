import { afterEach, describe, expect, it } from "vitest";
import type { ChatEvent } from "../../../src/core/ports/index.ts";
import { type AppHarness, startApp } from "./app-harness.ts";

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Adds the bot to `ids` as groups and resolves once the app has handled every addition. */
async function addToGroups(app: AppHarness, ids: number[]): Promise<void> {
  const pending = new Set(ids.map((id) => `telegram:${id}`));
  const all = new Promise<void>((resolve, reject) => {
    let left = pending.size;
    for (const chatId of pending) {
      app
        .handledEvent((e: ChatEvent) => e.type === "added" && e.chatId === chatId, 20_000)
        .then(() => {
          if (--left === 0) resolve();
        }, reject);
    }
  });
  for (const id of ids)
    app.api.pushUpdate(
      app.api.myChatMember({ chat: { id, type: "supergroup", title: `群${id}` }, status: "member" }),
    );
  await all;
}

describe("paperboy on Telegram under load", () => {
  it("welcomes sixty groups that add the bot at once, none lost to flood limits", async () => {
    h = await startApp();
    const ids = Array.from({ length: 60 }, (_, i) => -1001000000000 - i);
    const started = Date.now();
    await addToGroups(h, ids);
    for (const id of ids) expect(h.api.sentTo(id).length).toBeGreaterThanOrEqual(1);
    expect(await h.store.listChats({ platform: "telegram", state: "active", subscribed: true })).toHaveLength(
      60,
    );
    // 60 messages at Telegram's 30 per second cannot take less than about two seconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(h.api.stats().tooManyRequests).toBe(0);
  });

  it("pushes the issue to subscribed groups; a kicked group is marked inactive and a migrated one gets it under its new id", async () => {
    // Generous limits on both sides keep the test fast; the limiter still paces against them.
    const env = {
      TELEGRAM_GLOBAL_PER_SECOND: "500",
      TELEGRAM_GROUP_PER_MINUTE: "5000",
      TELEGRAM_CHAT_PER_SECOND: "100",
    };
    h = await startApp({
      env,
      api: { limits: { globalPerSecond: 500, groupPerMinute: 5000, chatPerSecond: 100 } },
    });
    const [stays, kicked, moves] = [-1002000000001, -1002000000002, -2000000003];
    await addToGroups(h, [stays, kicked, moves]);
    // Telegram's notices of these changes never reached the bot: it learns them from the sends.
    h.api.kick(kicked, { notify: false });
    h.api.migrate(moves, -1002000000003, { notify: false });

    const report = await h.app.delivery.runPush({ requestedBy: "test" });
    expect(report.gone.map((g) => g.chatId)).toEqual([`telegram:${kicked}`]);
    expect(report.migrated).toEqual([{ from: `telegram:${moves}`, to: "telegram:-1002000000003" }]);
    const textOf = (id: number) =>
      h?.api
        .sentTo(id)
        .map((m) => m.parsedText)
        .join("\n") ?? "";
    for (const id of [stays, -1002000000003]) {
      expect(textOf(id)).toContain("跨境消息4");
      expect(textOf(id)).toContain("慢一点，把服务做好。");
    }
    expect(await h.store.getChat(`telegram:${kicked}`)).toMatchObject({ state: "inactive" });
    expect(await h.store.getChat("telegram:-1002000000003")).toMatchObject({
      state: "active",
      subscribed: true,
    });
    expect(h.api.stats().badRequest).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { group, harness, msg, textOf } from "./helpers.ts";

describe("the per-user flood limit", () => {
  it("after 20 commands in a minute: one polite slow-down, then silence, then normal again", async () => {
    const h = await harness();
    const start = h.clock.now.getTime();
    for (let i = 0; i < 20; i++) {
      h.clock.now = new Date(start + i * 1000);
      expect(await h.router.handle(msg("/help"))).not.toEqual([]);
    }
    h.clock.now = new Date(start + 20_500);
    expect(textOf(await h.router.handle(msg("/help")))).toContain("请休息一分钟");
    h.clock.now = new Date(start + 21_000);
    expect(await h.router.handle(msg("/help"))).toEqual([]);
    // Another reader is not affected.
    expect(
      await h.router.handle(msg("/help", { senderId: "telegram:43", chatId: "telegram:43" })),
    ).not.toEqual([]);
    h.clock.now = new Date(start + 140_000);
    expect(textOf(await h.router.handle(msg("/help")))).toContain("/today");
  });

  it("group chatter the bot ignores does not count", async () => {
    const h = await harness();
    for (let i = 0; i < 50; i++) await h.router.handle(group("大家好"));
    expect(await h.router.handle(group("/help"))).not.toEqual([]);
  });
});

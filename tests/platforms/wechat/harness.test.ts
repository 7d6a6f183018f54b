import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { types } from "wechaty";
import { Inbox } from "./harness.ts";

/** The test harness's own promises: waiting for many messages must not pile up listeners. */

const BOT = "bot-id";
const said = (text: string) => ({ payload: { talkerId: BOT, type: types.Message.Text, text } });

describe("Inbox.waitForCount", () => {
  it("waiting through many messages leaves no listener behind, and no MaxListeners warning", async () => {
    const room = new EventEmitter();
    const inbox = new Inbox(room, BOT);
    const warnings: Error[] = [];
    const onWarning = (e: Error) => warnings.push(e);
    process.on("warning", onWarning);
    try {
      const waiting = inbox.waitForCount(50);
      for (let i = 0; i < 50; i++) room.emit("message", said(`第${i}条`));
      await waiting;
      for (let n = 1; n <= 50; n++) await inbox.waitForCount(n);
    } finally {
      process.off("warning", onWarning);
    }
    expect(inbox.waiting).toBe(0);
    expect(warnings).toEqual([]);
  });

  it("a wait that times out says what arrived and removes its listener", async () => {
    const room = new EventEmitter();
    const inbox = new Inbox(room, BOT);
    room.emit("message", said("只有一条"));
    await expect(inbox.waitForCount(2, 20)).rejects.toThrow(/expected 2 messages from the bot, got 1/);
    expect(inbox.waiting).toBe(0);
  });
});

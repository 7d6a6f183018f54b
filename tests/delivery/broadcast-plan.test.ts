import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  allocateBroadcast,
  BROADCAST_MAX_CHARS,
  BroadcastRequest,
  broadcastAudience,
  broadcastBlocks,
  planBroadcast,
} from "../../src/delivery/broadcast.ts";
import { Ledger } from "../../src/delivery/ledger.ts";
import type { Chat } from "../../src/domain/chat.ts";
import { MemoryStore } from "../../src/store/memory.ts";

const at = "2026-01-08T10:00:00.000Z";
function chat(id: string, over: Partial<Chat> = {}): Chat {
  const platform = id.slice(0, id.indexOf(":")) as Chat["platform"];
  return {
    id,
    platform,
    kind: "group",
    title: "",
    state: "active",
    subscribed: true,
    sections: "all",
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

const CHATS = [
  chat("telegram:-1"),
  chat("telegram:-2", { sections: ["crossborder"] }),
  chat("wechat:R1@chatroom", { locale: "en" }),
  chat("telegram:-3", { state: "paused" }),
  chat("telegram:-4", { state: "inactive" }),
  chat("wechat:R2@chatroom", { subscribed: false }),
];

describe("planning a broadcast", () => {
  it("plans one record per part for active subscribed chats only, whatever sections they chose", () => {
    const entries = planBroadcast(CHATS, (c) => [
      { type: "text", text: `${c.platform} 1`, format: "plain" },
      { type: "text", text: `${c.platform} 2`, format: "plain" },
    ]);
    expect(entries.map((e) => `${e.chatId}|${e.section}|${e.part}`)).toEqual([
      "telegram:-1|broadcast|0",
      "telegram:-1|broadcast|1",
      "telegram:-2|broadcast|0",
      "telegram:-2|broadcast|1",
      "wechat:R1@chatroom|broadcast|0",
      "wechat:R1@chatroom|broadcast|1",
    ]);
  });

  it("counts the audience per platform, leaving out platforms the bot does not run", () => {
    expect(broadcastAudience(CHATS)).toEqual({ total: 3, perPlatform: { telegram: 2, wechat: 1 } });
    expect(broadcastAudience(CHATS, new Set(["telegram"] as const))).toEqual({
      total: 2,
      perPlatform: { telegram: 2 },
    });
  });

  it("gives readers a heading in their language and the admin's paragraphs as plain text", () => {
    expect(broadcastBlocks("第一段 <b>\n\n 第二段 ", "zh-CN")).toEqual([
      { kind: "heading", text: "公告" },
      { kind: "paragraph", text: "第一段 <b>" },
      { kind: "paragraph", text: "第二段" },
    ]);
    expect(broadcastBlocks("Hi", "en")[0]).toEqual({ kind: "heading", text: "Announcement" });
  });

  it("validates the request at the delivery's boundary", () => {
    const ok = { draftId: "d", text: "  hi  ", requestedBy: "telegram:1" };
    expect(BroadcastRequest.parse(ok).text).toBe("hi");
    expect(BroadcastRequest.safeParse({ ...ok, text: "   " }).success).toBe(false);
    expect(BroadcastRequest.safeParse({ ...ok, text: "x".repeat(BROADCAST_MAX_CHARS + 1) }).success).toBe(
      false,
    );
    expect(BroadcastRequest.safeParse({ ...ok, draftId: "" }).success).toBe(false);
  });
});

describe("numbering broadcasts", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-broadcast-ids-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("gives the same draft the same broadcast and a new draft the next number", async () => {
    const store = new MemoryStore();
    const req = { draftId: "a", text: "hi", requestedBy: "telegram:1" };
    const first = await allocateBroadcast(store, dataDir, req, new Date(at));
    expect(first).toMatchObject({ fresh: true, record: { id: "broadcast-1", status: "sending" } });
    expect(await allocateBroadcast(store, dataDir, req, new Date(at))).toMatchObject({
      fresh: false,
      record: { id: "broadcast-1" },
    });
    const second = await allocateBroadcast(store, dataDir, { ...req, draftId: "b" }, new Date(at));
    expect(second.record.id).toBe("broadcast-2");
  });

  it("never reuses a number whose ledger is on disk, even when the store forgot it (restored from a backup)", async () => {
    const ledger = await Ledger.open(dataDir, "broadcast-7");
    await ledger.close();
    const fresh = new MemoryStore();
    const { record } = await allocateBroadcast(
      fresh,
      dataDir,
      { draftId: "x", text: "hi", requestedBy: "telegram:1" },
      new Date(at),
    );
    expect(record.id).toBe("broadcast-8");
  });
});

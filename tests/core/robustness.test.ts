import { describe, expect, it } from "vitest";
import { createRouter } from "../../src/core/index.ts";
import type { Incoming, Reply } from "../../src/core/ports/index.ts";
import { platformDirectory } from "../../src/platforms/registry.ts";
import { renderTelegram } from "../../src/platforms/telegram/render.ts";
import { MemoryStore } from "../../src/store/memory.ts";
import { seededRandom as rng } from "../support/random.ts";
import { group, harness, ISSUE_0107, ISSUE_0108, msg, parseIssue, silentLog } from "./helpers.ts";

const issues = () => [parseIssue(ISSUE_0108, "2018-01-08"), parseIssue(ISSUE_0107, "2018-01-07")];

const PIECES = [
  "/",
  "／",
  "、",
  "@",
  "@PaperboyBot",
  "\u2005",
  " ",
  "　",
  "\n",
  "today",
  "section",
  "issue",
  "search",
  "subscribe",
  "lang",
  "push",
  "pause",
  "item",
  "start",
  "今日",
  "跨境",
  "订阅",
  "往期",
  "搜索",
  "1月8日",
  "2018-01-08",
  "2月30日",
  "<b>",
  "&amp;",
  "🎉",
  "\u0000",
  "\ud800",
  "telegram:-1",
  "9".repeat(12),
  "x".repeat(300),
  "：",
  "？",
  "all",
];

function garbage(next: () => number): string {
  let s = "";
  const n = 1 + Math.floor(next() * 6);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

function callbackBytes(replies: Reply[]): number[] {
  return replies.flatMap((r) =>
    (r.buttons ?? []).flat().map((b) => Buffer.byteLength("data" in b ? b.data : "")),
  );
}

describe("bad input never crashes the bot", () => {
  it("1,000 random messages in private chats and groups all get an array of replies", async () => {
    const { router } = await harness({ issues: issues(), router: { floodLimit: 1_000_000 } });
    const next = rng(42);
    for (let i = 0; i < 1000; i++) {
      const text = garbage(next);
      const over: Partial<Incoming> = { mentionsBot: next() < 0.3, isChatAdmin: async () => next() < 0.5 };
      const m = next() < 0.5 ? msg(text, over) : group(text, over);
      const replies = await router.handle(m);
      expect(Array.isArray(replies), JSON.stringify(text)).toBe(true);
      for (const r of replies) expect(r.blocks.length, JSON.stringify(text)).toBeGreaterThan(0);
    }
  });

  it("a store that fails gets an apology in a private chat and silence in a group, never a throw", async () => {
    const { config } = await harness();
    const broken = new MemoryStore();
    broken.getChat = async () => {
      throw new Error("disk on fire");
    };
    const router = createRouter({ store: broken, config, platforms: platformDirectory, log: silentLog });
    const [reply] = await router.handle(msg("/today"));
    expect(reply?.blocks[0]).toEqual({ kind: "paragraph", text: "出了点问题，请稍后再试。" });
    expect(await router.handle(group("大家好"))).toEqual([]);
    expect(await router.onChatEvent({ type: "removed", chatId: "telegram:-1", reason: "kicked" })).toEqual(
      [],
    );
  });

  it("untrusted words echoed back stay plain text, escaped by the Telegram renderer", async () => {
    const { router } = await harness({ issues: issues() });
    for (const text of ["/search <b>x</b>&", "/section <i>", "/subscribe <a href=x>"]) {
      const parts = (await router.handle(msg(text))).flatMap((r) => renderTelegram(r));
      const html = parts.map((p) => (p.type === "text" ? p.text : "")).join("\n");
      expect(html, text).toContain("&lt;");
      expect(html, text).not.toMatch(/<(b>x|i>|a href)/);
    }
  });

  it("every button's callback data fits Telegram's 64 bytes", async () => {
    const { router, store } = await harness({ issues: issues() });
    // A section with the longest slug the schema allows.
    const long = parseIssue(ISSUE_0108, "2018-01-06");
    const [first, ...rest] = long.sections;
    if (!first) throw new Error("the fixture has sections");
    long.sections = [{ ...first, key: "a".repeat(40) }, ...rest];
    await store.putIssue(long);
    for (const text of [
      "/today",
      "/issues",
      "/issue 2018-01-06",
      "/section nope 2018-01-06",
      "/section nope",
    ]) {
      for (const bytes of callbackBytes(await router.handle(msg(text))))
        expect(bytes, text).toBeLessThanOrEqual(64);
    }
  });
});

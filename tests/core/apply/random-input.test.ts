import { afterEach, describe, expect, it } from "vitest";
import { seededRandom as rng } from "../../support/random.ts";
import { ADMIN, ADMIN_CHAT, allText, groupMsg, type Harness, harness, pm } from "./support.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PIECES = [
  "/join",
  "/start join",
  "加入",
  "取消",
  "/cancel",
  "确认",
  "yes",
  "修改 ",
  "edit ",
  "通过 ",
  "拒绝 ",
  "/approve ",
  "/reject ",
  "/applications ",
  "/forget",
  "跳过",
  "skip",
  "1",
  "2",
  "6",
  "99",
  "#",
  "０",
  "１３８",
  "13812345678",
  "https://",
  "a.taobao.com",
  "淘宝",
  "Tmall",
  "其他",
  "😀",
  "\u2005",
  "@老高小助手\u2005",
  "<b>",
  "&amp;",
  "{id}",
  " ",
  "\n",
  "，",
  "／",
  "x".repeat(80),
  "长".repeat(300),
  "/today",
  "/help@PaperboyBot",
  "/join@OtherBot",
];

describe("random input", () => {
  it("never throws, and every reply is finished text (no `undefined`, no unfilled {parameter})", async () => {
    h = await harness("memory", { settings: { maxMessagesPerMinute: 10_000, maxStartsPerWindow: 1000 } });
    const next = rng(20260301);
    const senders = ["telegram:42", "telegram:43", "wechat:wxid_rand0m1", ADMIN];
    for (let i = 0; i < 1500; i++) {
      const n = 1 + Math.floor(next() * 3);
      let text = "";
      for (let k = 0; k < n; k++) text += PIECES[Math.floor(next() * PIECES.length)] ?? "";
      const sender = senders[Math.floor(next() * senders.length)] ?? ADMIN;
      const inGroup = next() < 0.15;
      const msg = inGroup
        ? groupMsg(text, next() < 0.5 ? ADMIN_CHAT : "telegram:-1007", sender, { mentionsBot: next() < 0.5 })
        : pm(text, sender, { isCallback: next() < 0.2 });
      if (next() < 0.05) h.clock.advance(31);
      const replies = await h.send(msg);
      const said = allText(replies);
      expect(said).not.toMatch(
        /undefined|\{(id|n|question|field|value|shop|status|reason|minutes|max|who|count|shown|name|date)\}/,
      );
      if (inGroup) expect(said).not.toMatch(/1\d{10}/);
    }
    await h.apps.sweep();
    // The catch-all apology never had to step in: every input was handled on purpose.
    expect(h.logs()).not.toContain("handling a message failed");
    expect(h.logs()).not.toContain("a command failed");
    for (const s of h.outbox.sent) expect(allText([s.reply])).not.toContain("undefined");
  });
});

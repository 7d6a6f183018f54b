import { afterEach, describe, expect, it } from "vitest";
import { APPLICATIONS, type ApplicationRecord, DIALOGUES } from "../../../src/core/apply/model.ts";
import type { Reply } from "../../../src/core/ports/index.ts";
import {
  ADMIN,
  ADMIN_CHAT,
  ANSWERS,
  allText,
  applyAndConfirm,
  fillIn,
  groupMsg,
  type Harness,
  harness,
  pm,
  type StoreKind,
} from "./support.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each<StoreKind>(["memory", "file"])("the application dialogue (%s store)", (kind) => {
  it("asks six questions, shows a summary and stores a pending application on 确认", async () => {
    h = await harness(kind);
    const steps = await fillIn(h.apps);
    expect(allText(steps[0])).toContain("店铺叫什么名字");
    expect(allText(steps[1])).toContain("哪个平台");
    // The platform question offers one button per platform, typed as a number on WeChat.
    const platformButtons = steps[1]?.[0]?.buttons?.flat() ?? [];
    expect(platformButtons.map((b) => b.text)).toEqual(
      expect.arrayContaining(["天猫", "淘宝", "京东", "拼多多", "亚马逊", "其他"]),
    );
    expect(allText(steps[2])).toContain("店铺链接");
    expect(allText(steps[3])).toContain("主营类目");
    expect(allText(steps[4])).toContain("怎么称呼");
    expect(allText(steps[5])).toContain("联系方式");
    const summary = allText(steps[6]);
    expect(summary).toContain("请核对");
    expect(summary).toContain("店铺名称：Sunny Socks 小店");
    expect(summary).toContain("平台：淘宝");
    expect(summary).toContain("联系方式：13812345678");

    const done = allText(await h.apps.handle(pm("确认")));
    expect(done).toMatch(/编号 #1/);
    const stored = await h.store.collection<ApplicationRecord>(APPLICATIONS).get("1");
    expect(stored).toMatchObject({
      status: "pending",
      applicantId: "telegram:42",
      shopName: "Sunny Socks 小店",
      shopPlatform: "taobao",
      shopLink: "https://sunnysocks.taobao.com/",
      category: "袜子",
      contactName: "王小明",
      contact: { kind: "phone", value: "13812345678" },
    });
    expect(await h.store.collection(DIALOGUES).get("telegram:42")).toBeUndefined();
  });

  it("re-asks the phone question, without an error dump, when the number is not a mainland mobile", async () => {
    h = await harness(kind);
    await fillIn(h.apps, "telegram:42", ANSWERS.slice(0, 5));
    const bad = allText(await h.apps.handle(pm("12345")));
    expect(bad).toContain("11 位数字");
    expect(bad).toContain("请留一个联系方式");
    expect(bad).not.toMatch(/zod|issues|invalid_|\{/i);
    // Still on the same step: a good answer now reaches the summary.
    expect(allText(await h.apps.handle(pm("+86 139 0000 1111")))).toContain("联系方式：13900001111");
  });

  it("`修改 3` re-asks the shop link and goes straight back to the summary", async () => {
    h = await harness(kind);
    await fillIn(h.apps);
    expect(allText(await h.apps.handle(pm("修改 3")))).toContain("店铺链接");
    const back = allText(await h.apps.handle(pm("shop.example.com/socks")));
    expect(back).toContain("请核对");
    expect(back).toContain("店铺链接：https://shop.example.com/socks");
    expect(back).toContain("店铺名称：Sunny Socks 小店");
  });

  it("changing the platform away from `other` asks again for the skipped link", async () => {
    h = await harness(kind);
    await fillIn(h.apps, "telegram:42", ["Stall", "6", "跳过", "杂货", "Li", "wxid_stall88"]);
    expect(allText(await h.apps.handle(pm("edit 2")))).toContain("哪个平台");
    expect(allText(await h.apps.handle(pm("京东")))).toContain("请发送店铺链接");
    const back = allText(await h.apps.handle(pm("https://mall.jd.com/index-1.html")));
    expect(back).toContain("平台：京东");
    expect(back).toContain("店铺链接：https://mall.jd.com/index-1.html");
  });

  it("`修改 1` in the middle of the questions goes back, then returns to the question it left", async () => {
    h = await harness(kind);
    await fillIn(h.apps, "telegram:42", ANSWERS.slice(0, 3));
    expect(allText(await h.apps.handle(pm("修改 1")))).toContain("店铺叫什么名字");
    expect(allText(await h.apps.handle(pm("Moonlight Socks")))).toContain("主营类目");
    await h.apps.handle(pm("袜子"));
    await h.apps.handle(pm("王小明"));
    expect(allText(await h.apps.handle(pm("13812345678")))).toContain("店铺名称：Moonlight Socks");
  });

  it("a double-tapped 确认 stores one application", async () => {
    h = await harness(kind);
    await fillIn(h.apps);
    const [a, b] = await Promise.all([h.apps.handle(pm("确认")), h.apps.handle(pm("确认"))]);
    expect(allText(a)).toContain("编号 #1");
    // The second tap finds no dialogue any more and is left to the router.
    expect(b).toBeUndefined();
    expect(await h.store.collection(APPLICATIONS).list()).toHaveLength(1);
    expect(h.outbox.to(ADMIN)).toHaveLength(1);
  });

  it("/cancel ends the dialogue at any step and keeps nothing", async () => {
    h = await harness(kind);
    await h.apps.handle(pm("/join"));
    await h.apps.handle(pm("Sunny Socks"));
    expect(allText(await h.apps.handle(pm("/cancel")))).toContain("已取消");
    expect(await h.store.collection(DIALOGUES).list()).toEqual([]);
    // With no dialogue, plain text and /cancel are the router's business again.
    expect(await h.apps.handle(pm("你好"))).toBeUndefined();
    expect(await h.apps.handle(pm("/cancel"))).toBeUndefined();
  });

  it("a second /join while the first application is pending shows its status", async () => {
    h = await harness(kind);
    const id = await applyAndConfirm(h.apps);
    const again = allText(await h.apps.handle(pm("加入")));
    expect(again).toContain(`#${id}`);
    expect(again).toContain("正在审核");
    expect(await h.store.collection(DIALOGUES).list()).toEqual([]);
  });

  it("/join in the middle of a dialogue resumes it instead of starting over", async () => {
    h = await harness(kind);
    await h.apps.handle(pm("/join"));
    await h.apps.handle(pm("Sunny Socks"));
    const resumed = allText(await h.apps.handle(pm("/start join")));
    expect(resumed).toContain("还没填完");
    expect(resumed).toContain("哪个平台");
  });

  it("an idle dialogue is closed by the sweep with a polite message", async () => {
    h = await harness(kind);
    await h.apps.handle(pm("/join"));
    h.clock.advance(29);
    await h.apps.sweep();
    expect(h.outbox.sent).toEqual([]);
    h.clock.advance(2);
    await h.apps.sweep();
    expect(h.outbox.to("telegram:42").map(allTextOne)).toEqual([expect.stringContaining("30 分钟没有动静")]);
    expect(await h.store.collection(DIALOGUES).list()).toEqual([]);
  });

  it("another command in the middle of a dialogue is left to the router and the dialogue waits", async () => {
    h = await harness(kind);
    await h.apps.handle(pm("/join"));
    expect(await h.apps.handle(pm("/today"))).toBeUndefined();
    expect(allText(await h.apps.handle(pm("Sunny Socks")))).toContain("哪个平台");
  });
});

function allTextOne(r: Reply): string {
  return allText([r]);
}

describe("the dialogue survives a restart of the bot", () => {
  it("picks up at the same question with the answers given before the restart", async () => {
    h = await harness("file");
    await h.apps.handle(pm("/join"));
    await h.apps.handle(pm("Sunny Socks"));
    await h.apps.handle(pm("2"));
    await h.restart();
    expect(allText(await h.apps.handle(pm("not a link")))).toContain("不像网址");
    await h.apps.handle(pm("https://sunnysocks.taobao.com"));
    await h.apps.handle(pm("袜子"));
    await h.restart();
    await h.apps.handle(pm("王小明"));
    const summary = allText(await h.apps.handle(pm("sunny_socks")));
    expect(summary).toContain("店铺名称：Sunny Socks");
    expect(summary).toContain("平台：淘宝");
    expect(summary).toContain("联系方式：sunny_socks");
    await h.restart();
    expect(allText(await h.apps.handle(pm("yes")))).toContain("#1");
  });

  it("numbers keep increasing across restarts", async () => {
    h = await harness("file");
    expect(await applyAndConfirm(h.apps, "telegram:1")).toBe("1");
    await h.restart();
    expect(await applyAndConfirm(h.apps, "telegram:2")).toBe("2");
  });
});

describe("stored data the code does not expect", () => {
  it("a hand-edited dialogue that no longer parses is dropped and the merchant can start again", async () => {
    h = await harness("file");
    await h.store
      .collection<{ id: string; step: string }>(DIALOGUES)
      .put({ id: "telegram:42", step: "lunch" });
    expect(await h.apps.handle(pm("hello"))).toBeUndefined();
    expect(allText(await h.apps.handle(pm("/join")))).toContain("店铺叫什么名字");
    expect(h.logs()).toContain("no longer parses");
  });

  it("a confirmed dialogue left behind by a crash after storing does not file a second application", async () => {
    h = await harness("file");
    await fillIn(h.apps);
    // As if the bot had stored the application and died before deleting the dialogue.
    const dialogue = await h.store.collection<{ id: string }>(DIALOGUES).get("telegram:42");
    const id = await applyAndConfirm(h.apps);
    if (dialogue) await h.store.collection<{ id: string }>(DIALOGUES).put(dialogue);
    await h.restart();
    const again = allText(await h.apps.handle(pm("确认")));
    expect(again).toContain(`#${id}`);
    expect(again).toContain("正在审核");
    expect(await h.store.collection(APPLICATIONS).list()).toHaveLength(1);
    expect(await h.store.collection(DIALOGUES).list()).toEqual([]);
  });

  it("an unreadable application is skipped by listings instead of breaking them", async () => {
    h = await harness("memory");
    await applyAndConfirm(h.apps);
    await h.store.collection<{ id: string }>(APPLICATIONS).put({ id: "x" });
    expect(allText(await h.send(pm("/applications", ADMIN)))).toContain("#1 · Sunny Socks 小店");
    expect(allText(await h.send(pm("/approve x", ADMIN)))).toContain("用法");
  });
});

describe("abuse brakes", () => {
  it("a fourth dialogue started within the hour gets a slow-down reply", async () => {
    h = await harness("memory");
    for (let i = 0; i < 3; i++) {
      expect(allText(await h.apps.handle(pm("/join")))).toContain("店铺叫什么名字");
      await h.apps.handle(pm("/cancel"));
    }
    expect(allText(await h.apps.handle(pm("/join")))).toContain("休息一下");
    h.clock.advance(61);
    expect(allText(await h.apps.handle(pm("/join")))).toContain("店铺叫什么名字");
  });

  it("a sender flooding the dialogue gets one slow-down reply, then silence", async () => {
    h = await harness("memory", { settings: { maxMessagesPerMinute: 5 } });
    await h.apps.handle(pm("/join"));
    const replies: string[] = [];
    for (let i = 0; i < 7; i++) replies.push(allText(await h.apps.handle(pm("x".repeat(61)))));
    expect(replies.filter((r) => r.includes("休息一分钟"))).toHaveLength(1);
    expect(replies.at(-1)).toBe("");
    h.clock.advance(2);
    expect(allText(await h.apps.handle(pm("Sunny Socks")))).toContain("哪个平台");
  });

  it("a message over 500 characters in a dialogue is not taken as an answer", async () => {
    h = await harness("memory");
    await h.apps.handle(pm("/join"));
    expect(allText(await h.apps.handle(pm("长".repeat(501))))).toContain("太长");
    expect(allText(await h.apps.handle(pm("Sunny Socks")))).toContain("哪个平台");
  });
});

describe("where the dialogue runs", () => {
  it("leaves /join in a group to the router and ignores group chatter", async () => {
    h = await harness("memory");
    expect(await h.apps.handle(groupMsg("/join", "telegram:-1005", "telegram:42"))).toBeUndefined();
    expect(await h.apps.handle(groupMsg("加入", "telegram:-1005", "telegram:42"))).toBeUndefined();
    expect(await h.apps.handle(groupMsg("通过 3", "telegram:-1005", "telegram:42"))).toBeUndefined();
    // Through the router too: `通过 3` not addressed to the bot in an ordinary group is chatter.
    expect(await h.send(groupMsg("通过 3", "telegram:-1005", "telegram:42"))).toEqual([]);
    expect(await h.send(groupMsg("拒绝 3 太贵", "telegram:-1005", ADMIN))).toEqual([]);
  });

  it("speaks English when the chat's language is English", async () => {
    h = await harness("memory");
    await h.store.upsertChat({ id: "telegram:42", platform: "telegram", kind: "private", locale: "en" });
    const first = allText(await h.apps.handle(pm("/join")));
    expect(first).toContain("What is your shop called?");
    await h.apps.handle(pm("Sunny Socks"));
    const platforms = allText(await h.apps.handle(pm("Tmall")));
    expect(platforms).toContain("link to your shop");
  });

  it("an English applicant answers with English words: a platform name, skip, edit 5, yes", async () => {
    h = await harness("memory");
    const en = (text: string) => pm(text, "telegram:77", { languageCode: "en-GB" });
    expect(allText(await h.apps.handle(en("/join")))).toContain("Step 1 of 6: What is your shop called?");
    await h.apps.handle(en("Corner Stall"));
    const link = await h.apps.handle(en("Other"));
    expect(allText(link)).toContain("reply `skip`");
    expect(link?.[0]?.buttons?.flat()).toEqual(
      expect.arrayContaining([
        { text: "Skip", data: "skip" },
        { text: "Cancel", data: "/cancel" },
      ]),
    );
    await h.apps.handle(en("skip"));
    await h.apps.handle(en("Snacks"));
    await h.apps.handle(en("Sam"));
    const summary = allText(await h.apps.handle(en("sam_snacks")));
    expect(summary).toContain("Shop link: (none)");
    expect(summary).toContain("[Edit Contact|edit 5]");
    await h.apps.handle(en("edit 5"));
    expect(allText(await h.apps.handle(en("Samantha")))).toContain("Contact: Samantha");
    expect(allText(await h.apps.handle(en("yes")))).toContain("application is number #1");
  });

  it("admins get the new application; the admin chat sees it without personal data", async () => {
    h = await harness("memory");
    await applyAndConfirm(h.apps);
    const privateNotice = allText(h.outbox.to(ADMIN));
    expect(privateNotice).toContain("新的入会申请 #1");
    expect(privateNotice).toContain("13812345678");
    expect(privateNotice).toContain("[✅ 通过|/approve 1]");
    const groupNotice = allText(h.outbox.to(ADMIN_CHAT));
    expect(groupNotice).toContain("新的入会申请 #1");
    expect(groupNotice).not.toContain("13812345678");
    expect(groupNotice).not.toContain("王小明");
    expect(groupNotice).toContain("不在群里显示");
  });
});

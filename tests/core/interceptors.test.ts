import { describe, expect, it } from "vitest";
import { createApplications } from "../../src/core/apply/index.ts";
import { createRouter } from "../../src/core/index.ts";
import type { Reply } from "../../src/core/ports/index.ts";
import { platformDirectory } from "../../src/platforms/registry.ts";
import { group, harness, ISSUE_0108, msg, parseIssue, silentLog, textOf } from "./helpers.ts";

/** The router with the real merchant-application feature plugged in, as the app wires it. */
async function withApplications() {
  const h = await harness({ issues: [parseIssue(ISSUE_0108, "2018-01-08")] });
  const sent: { chatId: string; reply: Reply }[] = [];
  const applications = createApplications({
    store: h.store,
    config: h.config,
    platforms: platformDirectory,
    log: silentLog,
    now: () => h.clock.now,
    outbox: {
      async send(chatId, reply) {
        sent.push({ chatId, reply });
      },
    },
  });
  const router = createRouter({
    store: h.store,
    config: h.config,
    platforms: platformDirectory,
    log: silentLog,
    now: () => h.clock.now,
    interceptors: [applications],
  });
  return { ...h, router, sent };
}

describe("features that intercept messages before the commands", () => {
  it("the Telegram deep link /start join opens the application instead of the 'soon' reply", async () => {
    const { router } = await withApplications();
    const text = textOf(await router.handle(msg("/start join")));
    expect(text).toContain("欢迎申请加入俱乐部");
    expect(text).not.toContain("很快就会在这里开放");
  });

  it("during an application a section keyword is an answer, /today still works, and 取消 ends it", async () => {
    const { router } = await withApplications();
    await router.handle(msg("加入"));
    // The first question is the shop's name: `电商` is a (short) name, not the e-commerce section.
    const answered = textOf(await router.handle(msg("电商")));
    expect(answered).not.toContain("年货节报名今天开启");
    expect(textOf(await router.handle(msg("/today")))).toContain("1月8日电商晚报");
    expect(textOf(await router.handle(msg("取消")))).not.toContain("现在没有进行中的操作");
    // Nothing running any more: the router's own /cancel answers.
    expect(textOf(await router.handle(msg("取消")))).toContain("现在没有进行中的操作");
    expect(textOf(await router.handle(msg("电商")))).toContain("年货节报名今天开启");
  });

  it("/join in a group is still the router's: a deep-link button to the private chat", async () => {
    const { router } = await withApplications();
    const [reply] = await router.handle(group("/join"));
    expect(reply?.buttons).toEqual([[{ text: "私聊申请入会", url: "https://t.me/PaperboyBot?start=join" }]]);
  });
});

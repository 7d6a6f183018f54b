import { afterEach, describe, expect, it } from "vitest";
import { createRouter, type Router } from "../../../src/core/index.ts";
import { platformDirectory } from "../../../src/platforms/registry.ts";
import { ADMIN_CHAT, allText, captureLogger, groupMsg, type Harness, harness, pm } from "./support.ts";

/**
 * The module as the router consults it (`interceptors: [applications]`, `applications`): the
 * dialogue owns the private chat's text, the review commands are registered commands, everything
 * else stays the router's.
 */

let h: Harness | undefined;
let router: Router;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start() {
  h = await harness("memory");
  router = createRouter({
    store: h.store,
    config: h.config,
    platforms: platformDirectory,
    log: captureLogger().log,
    interceptors: [h.apps],
    applications: h.apps,
  });
  return h;
}

describe("the applications module behind the router", () => {
  it("a merchant's answer that is also a section keyword (电商) is an answer, not the section", async () => {
    await start();
    await router.handle(pm("/join"));
    await router.handle(pm("Sunny Socks"));
    await router.handle(pm("淘宝"));
    await router.handle(pm("https://sunnysocks.taobao.com"));
    const next = allText(await router.handle(pm("电商")));
    expect(next).toContain("怎么称呼");
  });

  it("/join in a group gets the router's pointer to the private chat; /cancel with no dialogue is the router's", async () => {
    await start();
    const inGroup = allText(
      await router.handle(groupMsg("/join", "telegram:-1005", "telegram:42", { botUsername: "PaperboyBot" })),
    );
    expect(inGroup).toContain("私聊");
    expect(inGroup).toContain("https://t.me/PaperboyBot?start=join");
    expect(allText(await router.handle(pm("/cancel")))).toContain("没有进行中的操作");
  });

  it("the deep link starts the dialogue; /help in the middle is answered by the router and the dialogue waits", async () => {
    await start();
    expect(allText(await router.handle(pm("/start join")))).toContain("店铺叫什么名字");
    const help = allText(await router.handle(pm("/help")));
    expect(help).not.toContain("店铺叫什么名字");
    expect(help.length).toBeGreaterThan(0);
    expect(allText(await router.handle(pm("Sunny Socks")))).toContain("哪个平台");
  });

  it("`通过 1` typed in the WeChat admin room without a mention reaches the module", async () => {
    const x = await start();
    await router.handle(pm("/join", "wechat:wxid_merch01"));
    for (const a of ["Shop", "1", "https://a.tmall.com", "茶", "Li", "13812345678", "确认"]) {
      await router.handle(pm(a, "wechat:wxid_merch01"));
    }
    const answer = allText(await router.handle(groupMsg("通过 1", ADMIN_CHAT, "telegram:901")));
    expect(answer).toContain("已通过申请 #1");
    expect(x.invites.added).toEqual([{ club: "wechat:R1@chatroom", user: "wechat:wxid_merch01" }]);
  });

  it("/help lists the review commands to admins, and only /forget to everyone else", async () => {
    await start();
    const admin = allText(await router.handle(pm("/help", "telegram:900")));
    for (const c of ["/applications", "/approve", "/reject", "/forget"]) expect(admin).toContain(c);
    const reader = allText(await router.handle(pm("/help", "telegram:42")));
    expect(reader).toContain("/forget");
    expect(reader).not.toContain("/approve");
    // In the admin chat the admin view is there too; in an ordinary group the review is not offered.
    expect(allText(await router.handle(groupMsg("/help", ADMIN_CHAT, "telegram:901")))).toContain("/approve");
    expect(allText(await router.handle(groupMsg("/help", "telegram:-1005", "telegram:900")))).not.toContain(
      "/approve",
    );
  });
});

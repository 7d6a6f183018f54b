import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.ts";
import { applyAnswer, completeDraft } from "../../../src/core/apply/answers.ts";
import { applySettings } from "../../../src/core/apply/settings.ts";
import { editNumber, isConfirm, recognise } from "../../../src/core/apply/words.ts";
import { COMMANDS } from "../../../src/core/commands/index.ts";
import { catalogues } from "../../../src/core/i18n/index.ts";
import { Registry } from "../../../src/core/registry.ts";

const value = (r: ReturnType<typeof applyAnswer>) => (r.ok ? r.value : r.problem);

describe("answers are validated step by step", () => {
  it("accepts a platform by number, English or Chinese name, case-insensitively", () => {
    for (const [text, platform] of [
      ["1", "tmall"],
      ["淘宝", "taobao"],
      ["JD", "jd"],
      ["pdd", "pinduoduo"],
      ["亚马逊", "amazon"],
      ["其它", "other"],
      ["Tmall", "tmall"],
    ]) {
      expect(value(applyAnswer("platform", text as string, {}))).toMatchObject({ platform });
    }
    expect(value(applyAnswer("platform", "7", {}))).toBe("invalid.platform");
    expect(value(applyAnswer("platform", "ebay", {}))).toBe("invalid.platform");
  });

  it("tolerates spaces, dashes and +86 in a mainland mobile number; anything else must be a WeChat ID", () => {
    const contact = (t: string) => value(applyAnswer("contact", t, {}));
    expect(contact("138 1234 5678")).toMatchObject({ contact: { kind: "phone", value: "13812345678" } });
    expect(contact("138-1234-5678")).toMatchObject({ contact: { kind: "phone", value: "13812345678" } });
    expect(contact("+86 13812345678")).toMatchObject({ contact: { kind: "phone", value: "13812345678" } });
    expect(contact("微信：sunny_socks")).toMatchObject({ contact: { kind: "wechat", value: "sunny_socks" } });
    expect(contact("１３８ １２３４ ５６７８")).toMatchObject({
      contact: { kind: "phone", value: "13812345678" },
    });
    expect(contact("23812345678")).toBe("invalid.contact");
    expect(contact("1381234567")).toBe("invalid.contact");
    expect(contact("abc")).toBe("invalid.contact");
  });

  it("counts a shop name's length in characters, not bytes, and trims it", () => {
    expect(value(applyAnswer("shopName", `  ${"店".repeat(60)}  `, {}))).toMatchObject({
      shopName: "店".repeat(60),
    });
    expect(value(applyAnswer("shopName", "店".repeat(61), {}))).toBe("invalid.shopName");
    expect(value(applyAnswer("shopName", "   ", {}))).toBe("invalid.shopName");
    expect(value(applyAnswer("category", "x".repeat(41), {}))).toBe("invalid.category");
  });

  it("takes a shop link with or without scheme, and lets only `other` skip it", () => {
    expect(value(applyAnswer("shopLink", "shop1.taobao.com", {}))).toMatchObject({
      shopLink: "https://shop1.taobao.com/",
    });
    expect(value(applyAnswer("shopLink", "javascript:alert(1)", {}))).toBe("invalid.shopLink");
    expect(value(applyAnswer("shopLink", "not a link", {}))).toBe("invalid.shopLink");
    expect(value(applyAnswer("shopLink", "跳过", { platform: "jd" }))).toBe("invalid.shopLinkRequired");
    expect(value(applyAnswer("shopLink", "skip", { platform: "other" }))).toMatchObject({ shopLink: null });
  });

  it("a draft is complete only with every answer (a skipped link only for `other`)", () => {
    const full = {
      shopName: "a",
      platform: "other" as const,
      shopLink: null,
      category: "c",
      contactName: "n",
      contact: { kind: "phone" as const, value: "13800000000" },
    };
    expect(completeDraft(full)).toEqual(full);
    expect(completeDraft({ ...full, platform: "jd" })).toBeUndefined();
    expect(completeDraft({ ...full, contact: undefined })).toBeUndefined();
  });
});

describe("words", () => {
  it("recognises the dialogue's own commands and leaves the review commands to the router", () => {
    const r = (text: string) => recognise({ text, mentionsBot: false, botUsername: "PaperboyBot" });
    expect(r("/join").command).toEqual({ kind: "join" });
    expect(r("/start join").command).toEqual({ kind: "join" });
    expect(r("/start").command).toBeUndefined();
    expect(r("申请入会").command).toEqual({ kind: "join" });
    expect(r("取消").command).toEqual({ kind: "cancel" });
    expect(r("/approve@PaperboyBot 12")).toMatchObject({ command: undefined, forRouter: true });
    expect(r("/approve@OtherBot 12")).toMatchObject({ command: undefined, forRouter: true });
    expect(r("通过12")).toMatchObject({ command: undefined, forRouter: true });
    expect(r("拒绝 #12，资料不全")).toMatchObject({ command: undefined, forRouter: true });
    // An answer that merely starts like a review word is an answer.
    expect(r("通过了吗")).toMatchObject({ command: undefined, forRouter: false });
  });

  it("the registry finds the review keyword forms with their arguments, and `批准 <date>` stays /publish", () => {
    const registry = new Registry(COMMANDS);
    // The router hands it the width-folded text (`，` is `,` by then).
    expect(registry.byPattern("通过12")).toMatchObject({ command: { name: "approve" }, args: "12" });
    expect(registry.byPattern("批准 #12")).toMatchObject({ command: { name: "approve" }, args: "#12" });
    expect(registry.byPattern("拒绝 #12,资料不全")).toMatchObject({
      command: { name: "reject" },
      args: "#12,资料不全",
    });
    expect(registry.byPattern("通过了吗")).toBeUndefined();
    expect(registry.byPattern("批准 2026-12-02")).toBeUndefined();
    expect(registry.byWord("批准")?.name).toBe("publish");
    for (const name of ["applications", "approve", "reject", "forget"]) {
      expect(registry.byCommandName(name)?.help).toBeDefined();
    }
  });

  it("reads confirmations and edits", () => {
    expect(isConfirm("确认")).toBe(true);
    expect(isConfirm("Yes!")).toBe(true);
    expect(isConfirm("yesterday")).toBe(false);
    expect(editNumber("修改 3")).toBe(3);
    expect(editNumber("edit3")).toBe(3);
    expect(editNumber("修改")).toBeUndefined();
  });
});

describe("catalogue and settings", () => {
  it("has the same keys and the same {parameters} in Chinese and English", () => {
    const { "zh-CN": zh, en } = catalogues();
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect({ key, params: params(en[key]) }).toEqual({ key, params: params(zh[key]) });
    }
  });

  it("reads PAPERBOY_DIALOGUE_IDLE_MINUTES, defaulting to 30, and names it when it is wrong", () => {
    expect(applySettings(loadConfig({})).idleMinutes).toBe(30);
    expect(applySettings(loadConfig({ PAPERBOY_DIALOGUE_IDLE_MINUTES: "45" })).idleMinutes).toBe(45);
    expect(() => loadConfig({ PAPERBOY_DIALOGUE_IDLE_MINUTES: "soon" })).toThrow(ConfigError);
    expect(() => loadConfig({ PAPERBOY_DIALOGUE_IDLE_MINUTES: "0" })).toThrow(
      /PAPERBOY_DIALOGUE_IDLE_MINUTES.*got `0`/,
    );
  });
});

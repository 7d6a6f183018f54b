import { describe, expect, it } from "vitest";
import { en } from "../../src/core/i18n/en.ts";
import { t } from "../../src/core/i18n/index.ts";
import { zhCN } from "../../src/core/i18n/zh-CN.ts";
import { adminMenu, commandMenu } from "../../src/core/index.ts";

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the message catalogues", () => {
  it("have the same keys, none empty, and the same parameters in both languages", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, zh] of Object.entries(zhCN)) {
      const english = en[key as keyof typeof en];
      expect(zh.trim(), key).not.toBe("");
      expect(english.trim(), key).not.toBe("");
      expect(params(english), key).toEqual(params(zh));
    }
  });

  it("fill parameters and leave unknown ones visible", () => {
    expect(t("zh-CN", "issue.notFound", { date: "1月5日" })).toBe("没有找到1月5日的快报。");
    expect(t("en", "issue.notFound")).toBe("There is no issue for {date}.");
  });
});

describe("the command menu for platforms", () => {
  it("lists the readers' commands with descriptions in each language, within Telegram's limits", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const menu = commandMenu(locale);
      expect(menu.map((m) => m.command)).toEqual(
        expect.arrayContaining(["today", "section", "issue", "join", "help"]),
      );
      expect(menu.map((m) => m.command)).not.toContain("push");
      for (const m of menu) {
        expect(m.command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(m.description.length).toBeGreaterThan(2);
        expect(m.description.length).toBeLessThanOrEqual(256);
      }
    }
    expect(commandMenu("en").find((m) => m.command === "today")?.description).toBe(
      "today's issue: headlines and sections",
    );
    // An applicant's own /forget is a reader's command; reviewing is not.
    expect(commandMenu("zh-CN").map((m) => m.command)).toContain("forget");
    expect(commandMenu("zh-CN").map((m) => m.command)).not.toContain("approve");
  });

  it("the admins' menu adds the admin commands, the merchant review included, within the same limits", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const menu = adminMenu(locale);
      expect(menu.map((m) => m.command)).toEqual(
        expect.arrayContaining(["today", "push", "applications", "approve", "reject", "forget"]),
      );
      expect(menu.length).toBeLessThanOrEqual(100);
      for (const m of menu) expect(m.description.length).toBeLessThanOrEqual(256);
    }
  });
});

describe("plurals in the one catalogue", () => {
  it("chooses the English form by the count and leaves Chinese counting as it is", () => {
    expect(t("en", "stats.subscribers", { count: 1 })).toBe("1 subscribed chat");
    expect(t("en", "stats.subscribers", { count: 2 })).toBe("2 subscribed chats");
    expect(t("en", "stats.subscribers", { count: 0 })).toBe("0 subscribed chats");
    expect(t("zh-CN", "stats.subscribers", { count: 1 })).toContain("1");
    expect(t("en", "apply.intro")).toMatch(/\w/);
  });
});

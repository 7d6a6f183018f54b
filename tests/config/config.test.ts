import { describe, expect, it } from "vitest";
import {
  ConfigError,
  cronProblem,
  DEFAULT_PUSH_AT,
  DEFAULT_TZ,
  describeConfig,
  isTimeZone,
  loadConfig,
} from "../../src/config.ts";

describe("configuration from the environment", () => {
  it("runs with nothing set: console defaults in Beijing time at 18:00, Chinese", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ tz: "Asia/Shanghai", pushAt: "0 18 * * *", locale: "zh-CN", admins: [] });
    expect(c.platforms).toEqual({});
    expect(c.dataDir).toMatch(/data$/);
  });

  it("has defaults that pass the checks a set value gets (a start skips them for the defaults)", () => {
    expect(isTimeZone(DEFAULT_TZ)).toBe(true);
    expect(cronProblem(DEFAULT_PUSH_AT)).toBeUndefined();
    expect(isTimeZone("Mars/Base")).toBe(false);
    expect(cronProblem("61 25 * * *")).toMatch(/./);
  });

  it("turns Telegram on with a token, with Telegram's limits and an optional webhook listener", () => {
    const c = loadConfig({
      TELEGRAM_BOT_TOKEN: "123456:ABC-def_ghi",
      TELEGRAM_WEBHOOK_URL: "https://bot.example.com/hook",
      TELEGRAM_WEBHOOK_PORT: "8080",
    });
    expect(c.platforms.telegram).toMatchObject({
      apiRoot: "https://api.telegram.org",
      globalPerSecond: 30,
      groupPerMinute: 20,
      chatPerSecond: 1,
      webhookPort: 8080,
    });
    expect(JSON.stringify(describeConfig(c))).not.toContain("ABC-def_ghi");
  });

  it("checks a cron expression with the parser node-schedule uses, not only its shape", () => {
    expect(() => loadConfig({ PAPERBOY_PUSH_AT: "61 25 * * *" })).toThrow(/PAPERBOY_PUSH_AT.*range 0-59/);
    expect(() => loadConfig({ PAPERBOY_PUSH_AT: "0 18 * * 8" })).toThrow(ConfigError);
    expect(loadConfig({ PAPERBOY_PUSH_AT: "0 30 7 * * 1-5" }).pushAt).toBe("0 30 7 * * 1-5");
  });

  it("keeps retrying platforms at start for 90 s by default, and hides the puppet service token", () => {
    expect(loadConfig({}).startRetrySeconds).toBe(90);
    expect(() => loadConfig({ PAPERBOY_START_RETRY_SECONDS: "soon" })).toThrow(
      /PAPERBOY_START_RETRY_SECONDS/,
    );
    const c = loadConfig({
      WECHATY_PUPPET: "wechaty-puppet-service",
      WECHATY_PUPPET_SERVICE_TOKEN: "puppet_x_secret",
    });
    expect((c.platforms.wechat as { serviceAuthority?: string } | undefined)?.serviceAuthority).toBe(
      "api.chatie.io",
    );
    expect(JSON.stringify(describeConfig(c))).not.toContain("puppet_x_secret");
  });

  it("names the variable and the bad value, p-queue style", () => {
    expect(() => loadConfig({ PAPERBOY_PUSH_AT: "6pm" })).toThrow(ConfigError);
    expect(() => loadConfig({ PAPERBOY_PUSH_AT: "6pm" })).toThrow(/`PAPERBOY_PUSH_AT`.*got `6pm`/);
    expect(() => loadConfig({ PAPERBOY_TZ: "Mars/Base" })).toThrow(/PAPERBOY_TZ/);
    expect(() => loadConfig({ PAPERBOY_ADMINS: "12345" })).toThrow(/PAPERBOY_ADMINS/);
    expect(() => loadConfig({ TELEGRAM_GROUP_PER_MINUTE: "lots", TELEGRAM_BOT_TOKEN: "1:a" })).toThrow(
      /TELEGRAM_GROUP_PER_MINUTE/,
    );
  });

  it("never echoes a malformed token back", () => {
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: "not a token secretvalue" });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).toContain("TELEGRAM_BOT_TOKEN");
      expect(String(err)).not.toContain("secretvalue");
    }
  });

  it("reads namespaced admin and club chat lists", () => {
    const c = loadConfig({
      PAPERBOY_ADMINS: "telegram:42, wechat:wxid_abc",
      PAPERBOY_CLUB_CHATS: "telegram:-100123,wechat:R1@chatroom",
      PAPERBOY_ADMIN_CHAT: "telegram:-100999",
    });
    expect(c.admins).toEqual(["telegram:42", "wechat:wxid_abc"]);
    expect(c.clubChats).toEqual(["telegram:-100123", "wechat:R1@chatroom"]);
    expect(c.adminChat).toBe("telegram:-100999");
  });
});

import { describe, expect, it } from "vitest";
import { parseText } from "../../src/core/parse.ts";

const base = { mentionsBot: false, botUsername: "PaperboyBot" };

describe("reading a message for commands", () => {
  it("reads /cmd and its arguments", () => {
    expect(parseText({ ...base, text: "/section  crossborder " })).toEqual({
      kind: "slash",
      name: "section",
      args: "crossborder",
      mentioned: false,
    });
  });

  it("accepts /cmd@ThisBot case-insensitively and marks it as addressed", () => {
    expect(parseText({ ...base, text: "/today@paperboybot" })).toMatchObject({
      kind: "slash",
      name: "today",
      mentioned: true,
    });
  });

  it("leaves /cmd@OtherBot to the other bot", () => {
    expect(parseText({ ...base, text: "/today@OtherBot" })).toEqual({ kind: "foreign" });
    // Without knowing its own name the bot cannot claim a targeted command.
    expect(parseText({ mentionsBot: false, text: "/today@PaperboyBot" })).toEqual({ kind: "foreign" });
  });

  it("folds a full-width slash, full-width letters and the 、 a Chinese keyboard types for /", () => {
    expect(parseText({ ...base, text: "／ｔｏｄａｙ" })).toMatchObject({ kind: "slash", name: "today" });
    expect(parseText({ ...base, text: "、today" })).toMatchObject({ kind: "slash", name: "today" });
    expect(parseText({ ...base, text: "　跨境　" })).toMatchObject({ kind: "text", text: "跨境" });
  });

  it("strips WeChat mentions (`@Name` + U+2005) before and after the text", () => {
    const wechat = { mentionsBot: true };
    expect(parseText({ ...wechat, text: "@老高快报\u2005今日" })).toEqual({
      kind: "text",
      text: "今日",
      mentioned: true,
    });
    expect(parseText({ ...wechat, text: "@小王\u2005@老高快报\u2005跨境" })).toMatchObject({ text: "跨境" });
    expect(parseText({ ...wechat, text: "今日 @老高快报\u2005" })).toMatchObject({ text: "今日" });
    expect(parseText({ ...wechat, text: "@老高快报\u2005/section 跨境" })).toMatchObject({
      kind: "slash",
      name: "section",
      args: "跨境",
    });
  });

  it("strips a Telegram @mention of the bot and counts it as addressed even if the adapter did not", () => {
    expect(parseText({ ...base, text: "@PaperboyBot 今日" })).toEqual({
      kind: "text",
      text: "今日",
      mentioned: true,
    });
    expect(parseText({ ...base, text: "跨境 @paperboybot" })).toEqual({
      kind: "text",
      text: "跨境",
      mentioned: true,
    });
    // Someone else's name that merely starts like ours is not a mention.
    expect(parseText({ ...base, text: "@PaperboyBotFan 今日" })).toMatchObject({ mentioned: false });
  });
});

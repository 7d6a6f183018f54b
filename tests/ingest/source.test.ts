import { describe, expect, it } from "vitest";
import { splitSource } from "../../src/ingest/source.ts";

describe("taking the source off the end of an item's text", () => {
  it.each([
    ["Prices rose. (Source: Tide Technology)", "Prices rose.", "Tide Technology"],
    ["Prices rose. (Sources: A, B).", "Prices rose.", "A, B"],
    ["Prices rose. Source: Kuai Technology)", "Prices rose.", "Kuai Technology"],
    ["Prices rose. Source: Kuai Technology", "Prices rose.", "Kuai Technology"],
    ["价格上涨。（来源：新零售观察）", "价格上涨。", "新零售观察"],
    ["价格上涨。(来源：新零售观察)", "价格上涨。", "新零售观察"],
    ["价格上涨。（来源:新零售观察）。", "价格上涨。", "新零售观察"],
    ["价格上涨。来源：新零售观察）", "价格上涨。", "新零售观察"],
    ["价格上涨。（来源：新零售观察", "价格上涨。", "新零售观察"],
    ["价格上涨。【来源：新零售观察】", "价格上涨。", "新零售观察"],
    ["价格上涨。（来源：新浪科技、36氪）", "价格上涨。", "新浪科技、36氪"],
    ["价格上涨。（来 源：新零售观察）", "价格上涨。", "新零售观察"],
    ["（来源：新零售观察）", "", "新零售观察"],
    ["Source: Going Global Weekly)", "", "Going Global Weekly"],
  ])("%s", (text, rest, source) => {
    expect(splitSource(text)).toEqual({ text: rest, source });
  });

  it.each([
    "价格上涨，平台的主要收入来源：广告和会员",
    "价格上涨。（图片来源：网络）",
    "The report lists the source: a survey of 300 shops across five provinces, conducted over three months in 2024 by an independent team.",
    "没有来源的一条新闻。",
    "Prices rose (sharply) this week.",
  ])("leaves %j alone", (text) => {
    expect(splitSource(text)).toEqual({ text });
  });
});

import type { IssueInput } from "../../../src/domain/issue.ts";

/** Today's date in the publisher's timezone, as the store keys issues. */
export function todayIn(tz: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

/** A title with the characters HTML cares about, to check they arrive as written. */
export const TRICKY_TITLE = `<Temu> & "Shein" 比价：A<B>C && 1 < 2 > 0`;

/**
 * A small issue in our own words. The cross-border section is long enough (over 4096 characters)
 * that Telegram needs it in several messages.
 */
export function fixtureIssue(date: string): IssueInput {
  const longBody = Array.from({ length: 12 }, (_, i) =>
    `第${i + 1}条说明：平台调整了入驻规则，卖家需要在月底前补交资料，逾期账户将被限制上新。`.repeat(4),
  ).join("\n");
  return {
    date,
    title: "测试电商晚报",
    hashtag: "测试快报",
    headlines: [
      { n: 1, text: "某平台发布年终大促规则" },
      { n: 2, text: "跨境物流价格回落" },
    ],
    sections: [
      {
        key: "ecommerce",
        title: "电商快报",
        items: [
          { n: 1, title: TRICKY_TITLE, body: "价格对比显示 <10% 的差距 & 更快的配送。", source: "测试来源" },
        ],
      },
      {
        key: "crossborder",
        title: "跨境快报",
        items: Array.from({ length: 4 }, (_, i) => ({
          n: i + 1,
          title: `跨境消息${i + 1}`,
          body: longBody,
          source: "测试来源",
        })),
      },
      { key: "view", title: "今日观点", body: "慢一点，把服务做好。" },
    ],
    footer: ["欢迎商家申请加入俱乐部。"],
  };
}

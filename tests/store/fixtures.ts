import { Issue, type IssueInput } from "../../src/domain/issue.ts";

/** A small issue in our own words; `overrides` change its date, edition, title or sections. */
export function makeIssue(overrides: Partial<IssueInput> = {}): Issue {
  return Issue.parse({
    date: "2024-03-05",
    edition: "evening",
    title: "3月5日电商晚报",
    hashtag: "测试快报",
    headlines: [
      { n: 1, text: "一家小店用直播卖完了整仓茶叶" },
      { n: 2, text: "跨境包裹的清关时间缩短了一天" },
    ],
    sections: [
      {
        key: "ecommerce",
        title: "电商快报",
        items: [
          {
            n: 1,
            title: "小店直播卖茶 <一晚> & 清仓 🍵",
            body: "店主说，观众最爱问的是泡法。\n第二段：下周再播。",
            source: "本报",
          },
        ],
      },
      { key: "view", title: "今日观点", body: "慢一点，把货讲清楚。" },
    ],
    footer: ["转载请注明出处"],
    ...overrides,
  });
}

/** A clock the test moves by hand, so createdAt/updatedAt/importedAt are predictable. */
export function manualClock(start = "2024-03-05T10:00:00.000Z") {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

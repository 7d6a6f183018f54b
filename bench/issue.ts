import { type Issue, Issue as IssueSchema } from "../src/domain/issue.ts";

/** The benchmark's issue: a lead and four sections, so five messages per group (written for the bench). */
export function benchIssue(date: string): Issue {
  const item = (n: number, topic: string) => ({
    n,
    title: `${topic}第${n}条`,
    body: `这是基准测试用的${topic}正文，长度与真实快报的一条相近。平台、商家与物流的最新动向都写在这里，供读者快速浏览。`,
    source: "基准测试",
  });
  return IssueSchema.parse({
    date,
    edition: "evening",
    title: "基准测试晚报",
    hashtag: "老高电商快报",
    headlines: [1, 2, 3, 4, 5].map((n) => ({ n, text: `基准测试导读第${n}条` })),
    sections: [
      { key: "ecommerce", title: "电商快报", items: [1, 2, 3, 4].map((n) => item(n, "电商")) },
      { key: "internet", title: "互联网快报", items: [1, 2, 3].map((n) => item(n, "互联网")) },
      { key: "crossborder", title: "跨境快报", items: [1, 2, 3].map((n) => item(n, "跨境")) },
      { key: "view", title: "今日老高观点", body: "基准测试的观点正文。\n第二段。" },
    ],
    footer: ["欢迎转载，请注明出处。"],
  });
}

export const MESSAGES_PER_GROUP = 5;

import { type Issue, Issue as IssueSchema } from "../../../src/domain/issue.ts";

/** A small evening issue written for these tests (five sections, a lead, a footer; no images). */
export function testIssue(date = "2026-01-08"): Issue {
  return IssueSchema.parse({
    date,
    edition: "evening",
    title: "1月8日电商晚报",
    hashtag: "老高电商快报",
    headlines: [
      { n: 1, text: "某平台年货节首日成交创新高" },
      { n: 2, text: "一家物流公司宣布扩建华东分拣中心" },
      { n: 3, text: "跨境卖家迎来新一轮退税政策" },
    ],
    sections: [
      {
        key: "ecommerce",
        title: "电商快报",
        items: [
          { n: 1, title: "年货节首日成交创新高", body: "平台称首日订单量同比增长三成。", source: "测试日报" },
          { n: 2, title: "社区团购再度调整", body: "多家企业收缩部分城市业务。" },
        ],
      },
      {
        key: "internet",
        title: "互联网快报",
        items: [{ n: 1, title: "某应用上线新版本", body: "新版本加入了离线阅读 <beta> & 夜间模式。" }],
      },
      {
        key: "crossborder",
        title: "跨境快报",
        items: [{ n: 1, title: "退税政策更新", body: "出口企业可按月申报。", source: "测试周刊" }],
      },
      {
        key: "brands",
        title: "品牌快报",
        items: [{ n: 1, title: "国货品牌开设旗舰店", body: "首批上线两百个单品。" }],
      },
      {
        key: "view",
        title: "今日老高观点",
        body: "年货节的热闹背后，是供应链的比拼。\n谁的履约更快，谁就更能留住顾客。",
      },
    ],
    footer: ["本快报欢迎转载，请注明出处。", "申请加入电商俱乐部：私信机器人发送“加入”。"],
  });
}

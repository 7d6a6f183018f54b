import pino from "pino";
import { type Config, loadConfig } from "../../src/config.ts";
import { createRouter, type RouterOptions } from "../../src/core/index.ts";
import type { Block, Incoming, Reply } from "../../src/core/ports/index.ts";
import type { AdminActions, Router } from "../../src/core/types.ts";
import type { Issue } from "../../src/domain/issue.ts";
import { parseNewsletterText } from "../../src/ingest/index.ts";
import { platformDirectory } from "../../src/platforms/registry.ts";
import { MemoryStore } from "../../src/store/memory.ts";

/**
 * Two small issues written for these tests in the newsletter format (our own words), parsed by the
 * real importer: one in January, one the day before, so archive and search have something to find.
 */
export const ISSUE_0108 = `#老高电商快报# 【1月8日电商晚报】1、平台上线商家保证金新规；2、某云服务商与汽车品牌合作车载语音；3、跨境卖家迎来年初备货高峰。
![导读配图](/upload/img/20180108/1001.png)
电商快报：
1、平台上线商家保证金新规：按类目分档收取
某电商平台今天公布商家保证金新规，保证金按类目风险分为三档，食品和母婴类目最高。新规下月一日起执行，老商家有三十天的过渡期。（来源：平台规则中心）
2、年货节报名今天开启
年货节报名通道今天开启，报名截止到本月二十日，活动商品须提供近三十天的价格记录。
互联网快报：
1、某云服务商与汽车品牌合作车载语音
双方将一起开发“在家查车”服务：车主在家里用智能音箱就能问车窗是否关好、还能开多远。（来源：科技日报）
跨境快报：
1、亚马逊推出新的品牌保护工具
亚马逊向已备案品牌开放一款新的侵权举报工具，卖家可以直接在后台批量提交疑似侵权链接。（来源：跨境观察）
2、跨境卖家迎来年初备货高峰 & 海运运费上涨
受春节前备货影响，中美航线海运报价本周上涨约一成，货代建议卖家 <尽早> 订舱。（来源：物流周刊）
今日老高观点：
做生意先算清楚账：每一笔投入都要知道回报从哪里来。
感谢关注老高电商俱乐部，转载请注明出处。
欢迎商家申请加入老高电商俱乐部！
`;

export const ISSUE_0107 = `#老高电商快报# 【1月7日电商晚报】1、直播带货新规征求意见；2、亚马逊调整仓储费。
电商快报：
1、直播带货新规征求意见
有关部门就直播带货行为规范公开征求意见，主播须对推荐的商品负责。（来源：市场监管周刊）
跨境快报：
1、亚马逊调整仓储费
亚马逊公布新一年的仓储费标准，旺季超龄库存费上调。（来源：卖家之家）
今日老高观点：
库存是现金流的敌人。
`;

export function parseIssue(text: string, date: string): Issue {
  return parseNewsletterText(text, { date, tz: "Asia/Shanghai" });
}

export const silentLog = pino({ level: "silent" });

/** 2018-01-08 20:00 in Shanghai: the evening issue of that day is out. */
export const JAN_8_EVENING = new Date("2018-01-08T12:00:00Z");

export interface Harness {
  store: MemoryStore;
  config: Config;
  router: Router;
  clock: { now: Date };
}

export async function harness(
  opts: {
    env?: Record<string, string>;
    issues?: Issue[];
    admin?: AdminActions;
    router?: RouterOptions;
    now?: Date;
  } = {},
): Promise<Harness> {
  const clock = { now: opts.now ?? JAN_8_EVENING };
  const store = new MemoryStore(() => clock.now);
  for (const issue of opts.issues ?? []) await store.putIssue(issue);
  const config = loadConfig({ PAPERBOY_ADMINS: "telegram:1", ...opts.env });
  const router = createRouter(
    { store, config, platforms: platformDirectory, log: silentLog, now: () => clock.now, admin: opts.admin },
    opts.router,
  );
  return { store, config, router, clock };
}

/** A message as an adapter would hand it over; a Telegram private chat unless told otherwise. */
export function msg(text: string, over: Partial<Incoming> = {}): Incoming {
  return {
    platform: "telegram",
    chatId: "telegram:42",
    chatKind: "private",
    senderId: "telegram:42",
    senderName: "Reader",
    text,
    mentionsBot: false,
    ...over,
  };
}

export function group(text: string, over: Partial<Incoming> = {}): Incoming {
  return msg(text, { chatId: "telegram:-100500", chatKind: "group", botUsername: "PaperboyBot", ...over });
}

/** Everything a reply says, as one string, to assert on. */
export function textOf(replies: Reply[]): string {
  return replies
    .flatMap((r) => [...r.blocks.map(blockText), ...(r.buttons ?? []).flat().map((b) => `[${b.text}]`)])
    .join("\n");
}

function blockText(b: Block): string {
  switch (b.kind) {
    case "list":
      return b.items.join("\n");
    case "command":
      return `${b.text} ${b.description ?? ""}`;
    case "image":
      return `(image ${b.src})`;
    case "break":
      return "";
    default:
      return b.text;
  }
}

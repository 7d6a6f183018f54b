import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, runCli, tempDataDir } from "../support/run-cli.ts";

/**
 * A reviewer's issue, written for this test in the editors' format with the quirks real editors
 * make: full-width item numbers, headers padded with spaces, an unknown header, a missing source,
 * a `来源：X）` typo, an item far over Telegram's 4096 characters, HTML-like text, emoji, images on
 * their own lines. It goes through the CLI as an editor would (import, then preview per platform).
 */
const LONG = Array.from(
  { length: 120 },
  (_, i) => `第${i + 1}段：分拣中心按目的地重新分拣包裹，夜班人手增加一倍，确保每一单都能准时送达。`,
).join("");
const ISSUE = [
  "#老高电商快报# 【3月14日电商晚报】1．蓝鲸商城上线“慢递”选项；2．<script>不是真的脚本；3．🚀 火箭仓储完成融资。",
  "![导读图](/upload/img/20250314/100001.png)",
  "  电商快报 ：",
  "１．蓝鲸商城上线“慢递”选项",
  "买家可以选择晚两天送达，换取减碳积分 😀，A&B 公司首批参与。",
  "（来源：蓝鲸观察）",
  "２．<script>不是真的脚本",
  "正文里有 <b>标签</b>、&amp; 实体和 1 < 2 > 0 这样的比较。",
  "来源：安全周报）",
  "３．某品牌直播间单场成交破亿",
  "主播团队准备了两个月，选品超过三百款。",
  "![直播现场](/upload/img/20250314/100002.jpg)",
  "互联网快报：",
  "1、超长新闻：物流高峰纪实",
  LONG,
  "（来源：物流日报）",
  "品牌快报：",
  "1．新锐茶饮品牌开出第一百家店",
  "品牌方表示，下一步会进入东南亚市场。",
  "   跨境快报   ：",
  "1．🚀 火箭仓储完成融资",
  "本轮融资将用于在欧洲新建两座海外仓。",
  "(来源：出海日报)",
  "今日老高观点：",
  "做生意最怕的不是慢，而是方向错。",
  "本文为原创，转载请注明出处。",
].join("\n");

interface Part {
  label: string;
  kind: string;
  body: string;
}

/** Splits `paperboy preview` output into its parts. */
function parseParts(out: string): Part[] {
  const re = /^── (\S+) · part \d+\/\d+ \((text|image)[^)]*\) ──$/gm;
  const heads = [...out.matchAll(re)];
  return heads.map((m, i) => ({
    label: m[1] as string,
    kind: m[2] as string,
    body: out.slice((m.index ?? 0) + m[0].length + 1, heads[i + 1]?.index ?? out.length).replace(/\n\n$/, ""),
  }));
}

/** What a Telegram reader sees: tags dropped, entities decoded. */
function readable(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

const squash = (s: string) => s.replace(/\s+/g, "");

let dir: string;
let env: NodeJS.ProcessEnv;
let issue: {
  sections: {
    key: string;
    title: string;
    body?: string;
    items?: { title: string; body: string; source?: string; images: { src: string }[] }[];
  }[];
};

beforeAll(async () => {
  dir = await tempDataDir();
  env = cleanEnv({ PAPERBOY_DATA_DIR: dir });
  const file = path.join(dir, "issue.txt");
  await fs.writeFile(file, ISSUE);
  const parsed = await runCli(["import", file, "--dry-run", "--json"], { env });
  expect(parsed.code, parsed.stderr).toBe(0);
  issue = JSON.parse(parsed.stdout);
  const imported = await runCli(["import", file], { env });
  expect(imported.code, imported.stderr).toBe(0);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("an editor's issue with real-world quirks", () => {
  it("parses every section, including an unknown header, with sources despite typos", () => {
    expect(issue.sections.map((s) => s.title)).toEqual([
      "电商快报",
      "互联网快报",
      "品牌快报",
      "跨境快报",
      "今日老高观点",
    ]);
    const [ec, net, , cb] = issue.sections;
    expect(ec?.items?.map((i) => i.source)).toEqual(["蓝鲸观察", "安全周报", undefined]);
    expect(ec?.items?.[2]?.images.map((i) => i.src)).toEqual(["/upload/img/20250314/100002.jpg"]);
    expect(LONG.length).toBeGreaterThan(4096);
    expect(net?.items?.[0]?.body).toBe(LONG);
    expect(cb?.items?.[0]?.source).toBe("出海日报");
  });

  for (const [platform, limit] of [
    ["telegram", 4096],
    ["wechat", 2000],
  ] as const) {
    it(`reaches ${platform} with every item intact and every part within ${limit} characters`, async () => {
      const out = await runCli(["preview", "2025-03-14", "--platform", platform], { env });
      expect(out.code, out.stderr).toBe(0);
      const parts = parseParts(out.stdout);
      const texts = parts.filter((p) => p.kind === "text");
      for (const p of texts) {
        const seen = platform === "telegram" ? readable(p.body) : p.body;
        expect([...seen].length).toBeLessThanOrEqual(limit);
        if (platform === "telegram") expect(p.body).not.toMatch(/<(?!\/?(b|i)>)/);
      }
      for (const section of issue.sections) {
        const shown = squash(
          texts
            .filter((p) => p.label === section.key)
            .map((p) => (platform === "telegram" ? readable(p.body) : p.body).replace(/^\(\d+\/\d+\)\n/, ""))
            .join(""),
        );
        for (const item of section.items ?? []) {
          expect(shown).toContain(squash(item.title));
          expect(shown).toContain(squash(item.body));
          if (item.source) expect(shown).toContain(squash(item.source));
        }
        if (section.body) expect(shown).toContain(squash(section.body));
      }
      expect(texts.filter((p) => p.label === "internet").length).toBeGreaterThan(1);
      const images = parts.filter((p) => p.kind === "image").map((p) => p.body.split("\n")[0]);
      expect(images).toEqual([
        "[image] /upload/img/20250314/100001.png",
        "[image] /upload/img/20250314/100002.jpg",
      ]);
    });
  }
});

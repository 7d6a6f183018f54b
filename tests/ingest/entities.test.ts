import { describe, expect, it } from "vitest";
import { decodeEntities } from "../../src/ingest/entities.ts";
import { parseIssueJson } from "../../src/ingest/parse-json.ts";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";
import { renderTelegram } from "../../src/platforms/telegram/render.ts";
import { renderWechat } from "../../src/platforms/wechat/render.ts";
import { sectionBlocks } from "../../src/render/issue-blocks.ts";
import { SHANGHAI } from "./fixtures.ts";

const TITLE = "#老高电商快报# 【1月8日电商晚报】1、甲 &amp; 乙联合发布新品；2、第二条。";

/** An issue whose editor pasted text from web pages, references and all. */
const PASTED = [
  TITLE,
  "![图 &quot;一&quot;](/upload/img/20180108/1.png)",
  "电商快报：",
  "1、甲 &amp; 乙联合发布&lt;新品&gt;",
  "双方称这是&#8220;第一步&#8221;&#xFF0C;价格&nbsp;不变，A&B 两家店铺同步上架。（来源：甲&#39;s 周报）",
  "2、第二条",
  "正文里的 &amp;lt; 只解一层，&hellip; 解开，&unknown; 与 &hellip 原样保留，&#0; 和 &#10; 也不解。",
].join("\n");

describe("HTML character references pasted into the text format", () => {
  const issue = parseNewsletterText(PASTED, SHANGHAI);
  const [first, second] = issue.sections[0]?.items ?? [];

  it("are decoded once at import: titles, bodies, sources, the lead and image alts show the characters", () => {
    expect(issue.headlines[0]?.text).toBe("甲 & 乙联合发布新品");
    expect(first?.title).toBe("甲 & 乙联合发布<新品>");
    expect(first?.body).toBe("双方称这是“第一步”，价格\u00A0不变，A&B 两家店铺同步上架。");
    expect(first?.source).toBe("甲's 周报");
    expect(issue.images[0]?.alt).toBe('图 "一"');
  });

  it("decode every HTML5 named reference, not a hand-kept few", () => {
    expect(decodeEntities("&ldquo;新规&rdquo; &mdash; &hellip; &copy; &trade; &frac12; &Auml; &AMP;")).toBe(
      "“新规” — … © ™ ½ Ä &",
    );
  });

  it("leave a bare &, unknown names, a second level of escaping and control characters as written", () => {
    expect(second?.body).toBe(
      "正文里的 &lt; 只解一层，… 解开，&unknown; 与 &hellip 原样保留，&#0; 和 &#10; 也不解。",
    );
    expect(decodeEntities("A & B && C&D;")).toBe("A & B && C&D;");
    expect(decodeEntities("&#x1F600; &#128512; &#xD800; &#1114112;")).toBe("😀 😀 &#xD800; &#1114112;");
  });

  it("reach Telegram escaped exactly once and WeChat as plain characters", () => {
    const section = issue.sections[0];
    if (!section) throw new Error("no section");
    const reply = { blocks: sectionBlocks(section, "zh-CN") };
    const html = renderTelegram(reply)
      .map((p) => (p.type === "text" ? p.text : ""))
      .join("\n");
    expect(html).toContain("甲 &amp; 乙联合发布&lt;新品&gt;");
    expect(html).not.toContain("&amp;amp;");
    const plain = renderWechat(reply)
      .map((p) => (p.type === "text" ? p.text : ""))
      .join("\n");
    expect(plain).toContain("甲 & 乙联合发布<新品>");
  });

  it("are kept as given in a JSON issue", () => {
    const json = parseIssueJson(
      JSON.stringify({
        date: "2018-01-08",
        title: "A &amp; B",
        sections: [
          { key: "ecommerce", title: "电商快报", items: [{ n: 1, title: "甲 &amp; 乙", body: "" }] },
        ],
      }),
    );
    expect(json.title).toBe("A &amp; B");
    expect(json.sections[0]?.items[0]?.title).toBe("甲 &amp; 乙");
  });
});

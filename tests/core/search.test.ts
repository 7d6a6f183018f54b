import { describe, expect, it } from "vitest";
import { harness, ISSUE_0107, ISSUE_0108, msg, parseIssue, textOf } from "./helpers.ts";

const issues = () => [parseIssue(ISSUE_0108, "2018-01-08"), parseIssue(ISSUE_0107, "2018-01-07")];

describe("/search across stored issues", () => {
  it("finds Chinese words inside unspaced text across issues, newest first, with how to open each", async () => {
    const { router } = await harness({ issues: issues() });
    const [reply] = await router.handle(msg("/search 亚马逊"));
    const text = textOf(reply ? [reply] : []);
    expect(text).toContain("「亚马逊」找到 2 条");
    expect(text.indexOf("亚马逊推出新的品牌保护工具")).toBeLessThan(text.indexOf("亚马逊调整仓储费"));
    expect(text).toContain("2018年1月7日 · 跨境快报");
    const commands = reply?.blocks.filter((b) => b.kind === "command").map((b) => b.text);
    expect(commands).toEqual(["/item 2018-01-08 crossborder 1", "/item 2018-01-07 crossborder 1"]);
  });

  it("matches body text, needs every word, and folds width and case", async () => {
    const { router } = await harness({ issues: issues() });
    expect(textOf(await router.handle(msg("搜索 海运")))).toContain("跨境卖家迎来年初备货高峰");
    expect(textOf(await router.handle(msg("搜索 亚马逊 仓储")))).toContain("找到 1 条");
    expect(textOf(await router.handle(msg("搜索仓储费")))).toContain("亚马逊调整仓储费");
    // The editorial's running text is searchable too and opens as its section.
    const [view] = await router.handle(msg("/search 现金流"));
    expect(view?.blocks).toContainEqual({ kind: "command", text: "/section view 2018-01-07" });
  });

  it("says so when nothing matches, and asks for words when none are given", async () => {
    const { router } = await harness({ issues: issues() });
    expect(textOf(await router.handle(msg("/search 拼多多")))).toContain("没有找到包含「拼多多」的内容");
    expect(textOf(await router.handle(msg("/search")))).toContain("用法：/search 关键词");
    expect(textOf(await router.handle(msg(`/search ${"很长".repeat(40)}`)))).toContain("内容太长了");
  });

  it("a re-imported issue is searched in its new wording", async () => {
    const h = await harness({ issues: issues() });
    expect(textOf(await h.router.handle(msg("/search 仓储费")))).toContain("找到 1 条");
    const changed = parseIssue(ISSUE_0107.replaceAll("仓储费", "配送费"), "2018-01-07");
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    await h.store.putIssue(changed);
    expect(textOf(await h.router.handle(msg("/search 配送费")))).toContain("亚马逊调整配送费");
  });

  it("/item opens a search result", async () => {
    const { router } = await harness({ issues: issues() });
    const text = textOf(await router.handle(msg("/item 2018-01-07 crossborder 1")));
    expect(text).toContain("亚马逊调整仓储费");
    expect(text).toContain("旺季超龄库存费上调");
    expect(text).not.toContain("直播带货");
    expect(textOf(await router.handle(msg("/item 2018-01-07 crossborder 9")))).toContain("没有找到这条内容");
    expect(textOf(await router.handle(msg("/item tomorrow")))).toContain("用法：/item");
  });
});

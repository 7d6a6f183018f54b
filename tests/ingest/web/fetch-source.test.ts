import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { todayIn } from "../../../src/domain/today.ts";
import { IngestError } from "../../../src/ingest/errors.ts";
import { fetchIntoStore, VALIDATORS_SETTING } from "../../../src/ingest/web/fetch-into-store.ts";
import { fetchSourceIssue, SourceFetchError } from "../../../src/ingest/web/fetch-source.ts";
import { FetchRefused, guardedFetch } from "../../../src/net/index.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { type PublisherSite, startPublisherSite } from "./site.ts";

const tz = "Asia/Shanghai";
const date = todayIn(tz);
let site: PublisherSite;
beforeAll(async () => {
  site = await startPublisherSite(date);
});
afterAll(() => site.stop());

const opts = () => ({ tz, trustedUrl: site.base, retries: 0, timeoutMs: 2000 });

describe("fetching the issue from the publisher's site", () => {
  it("follows the feed's newest entry to a GBK article page and reads the issue without the site around it", async () => {
    const r = await fetchSourceIssue(`${site.base}/feed.xml`, opts());
    expect(r.status).toBe("fetched");
    if (r.status !== "fetched") return;
    expect(r.articleUrl).toBe(`${site.base}/news/today.html`);
    const { issue } = r;
    expect(issue.date).toBe(date);
    expect(issue.hashtag).toBe("老高电商快报");
    expect(issue.headlines.map((h) => h.text)).toEqual([
      "某平台调整退货运费规则",
      "海外仓开始收取冬季附加费",
      "直播间禁止虚假“原价”",
    ]);
    expect(issue.sections.map((s) => s.key)).toEqual(["ecommerce", "crossborder", "view"]);
    const ec = issue.sections[0];
    expect(ec?.items.map((i) => i.source)).toEqual(["示例财经", "示例日报"]);
    // Images keep their place (the cover after the lead, the photo in item 2) as absolute URLs on the site.
    const ymd = date.replaceAll("-", "");
    expect(issue.images).toEqual([{ src: `${site.base}/upload/img/${ymd}/cover.png`, alt: "封面" }]);
    expect(ec?.items[1]?.images.map((i) => i.src)).toEqual([`${site.base}/news/upload/img/${ymd}/live.jpg`]);
    // Navigation, sidebar, ads and copyright are not in the issue.
    const all = JSON.stringify(issue);
    for (const chrome of ["首页", "热门文章", "招商热线", "Copyright", "ICP", "隐私政策"])
      expect(all).not.toContain(chrome);
    expect(issue.footer).toEqual(["转载请注明出处。欢迎商家申请加入老高电商俱乐部。"]);
  });

  it("asks again with the remembered ETag and gets 304: unchanged, nothing parsed", async () => {
    const first = await fetchSourceIssue(`${site.base}/news/today.html`, opts());
    if (first.status !== "fetched") throw new Error("expected a fetch");
    const before = site.hits.length;
    const again = await fetchSourceIssue(`${site.base}/news/today.html`, {
      ...opts(),
      validators: first.validators,
    });
    expect(again.status).toBe("unchanged");
    const hit = site.hits[before];
    expect(hit?.ifNoneMatch).toBe('"article-v1"');
    expect(hit?.ifModifiedSince).toBeTruthy();
  });

  it("retries a 500 with backoff, then gives up with the status", async () => {
    const before = site.hitsOf("/broken");
    const err = await fetchSourceIssue(`${site.base}/broken`, { ...opts(), retries: 2, retryMinMs: 5 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(String(err)).toContain("HTTP 500");
    expect(site.hitsOf("/broken") - before).toBe(3);
  });

  it("gives up on a server that never answers within the timeout", async () => {
    const started = Date.now();
    const err = await fetchSourceIssue(`${site.base}/slow`, { ...opts(), timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(String(err)).toContain("timed out");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("refuses loopback addresses unless the URL is the publisher's own", async () => {
    const err = await fetchSourceIssue(`${site.base}/feed.xml`, {
      ...opts(),
      trustedUrl: "https://example.com/",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(String(err)).toMatch(/loopback/);
    await expect(guardedFetch(`${site.base}/feed.xml`, { allowHosts: "any" })).rejects.toBeInstanceOf(
      FetchRefused,
    );
  });

  it("a page that is not an issue is an error naming why, and nothing is stored", async () => {
    const store = new MemoryStore();
    const config = loadConfig({ PAPERBOY_DATA_DIR: "/tmp/unused-paperboy", PAPERBOY_FETCH_RETRIES: "0" });
    const err = await fetchIntoStore(config, store, { url: `${site.base}/about.html` }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IngestError);
    expect(String(err)).toMatch(/not an issue: line 1: expected the title line/);
    expect(await store.listIssues()).toEqual([]);
    expect(await store.getSetting(VALIDATORS_SETTING)).toBeUndefined();
  });

  it("stores a fetched issue once; the same article again is `same` and a 304 later is `unchanged`", async () => {
    const store = new MemoryStore();
    const config = loadConfig({ PAPERBOY_DATA_DIR: "/tmp/unused-paperboy", PAPERBOY_FETCH_RETRIES: "0" });
    const url = `${site.base}/feed.xml`;
    const first = await fetchIntoStore(config, store, { url });
    expect(first.status).toBe("stored");
    expect((await store.listIssues()).map((i) => i.date)).toEqual([date]);
    // The feed has no validators of its own, so it is read again; its article answers 304.
    expect((await fetchIntoStore(config, store, { url })).status).toBe("unchanged");
    const dry = await fetchIntoStore(config, undefined, { url, dryRun: true });
    expect(dry.status).toBe("checked");
  });
});

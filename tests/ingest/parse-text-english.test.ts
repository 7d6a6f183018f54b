import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseNewsletterText } from "../../src/ingest/parse-text.ts";
import { readFixture, repoPath, SHANGHAI } from "./fixtures.ts";

describe("an English issue in the newsletter text format", () => {
  const issue = parseNewsletterText(readFixture("en-2018-01-08.txt"), SHANGHAI);

  it("reads the title line: hashtag, title, edition, the numbered lead and the date from the image path", () => {
    expect(issue.hashtag).toBe("Laogao E-commerce Newsletter");
    expect(issue.title).toBe("E-commerce Evening News on January 8");
    expect(issue.edition).toBe("evening");
    expect(issue.date).toBe("2018-01-08");
    expect(issue.language).toBe("en");
    expect(issue.headlines).toEqual([
      { n: 1, text: "Cloudmart shortens merchant settlement to one day after delivery" },
      { n: 2, text: "Starriver Express keeps its network open through the Spring Festival" },
      { n: 3, text: "Five more cities join the cross-border e-commerce pilot zone program" },
    ]);
    expect(issue.images).toEqual([
      {
        src: "/upload/img/20180108/151540001.png",
        alt: "#Laogao E-commerce Newsletter# [E-commerce Evening News on January 8]",
      },
    ]);
  });

  it("splits the sections by their headers, with items numbered as written", () => {
    expect(issue.sections.map((s) => [s.key, s.title, s.items.length])).toEqual([
      ["ecommerce", "E-commerce newsletter", 3],
      ["internet", "Internet newsletter", 3],
      ["crossborder", "Cross-border newsletter", 2],
      ["view", "Today’s Lao Gao’s view", 0],
    ]);
    const [first] = issue.sections[0]?.items ?? [];
    expect(first?.n).toBe(1);
    expect(first?.title).toBe(
      "Cloudmart shortens merchant settlement: payment arrives one day after delivery is confirmed",
    );
    expect(first?.body).toMatch(/^Cloudmart told its merchants today/);
    expect(first?.body).toMatch(/turn their cash over twice as fast\.$/);
    expect(first?.images).toEqual([
      { src: "/upload/img/20180108/151540002.jpg", alt: "Cloudmart settlement timeline" },
    ]);
  });

  it("takes every source off its body, including one missing its opening bracket", () => {
    const sources = issue.sections.flatMap((s) => s.items.map((i) => i.source));
    expect(sources).toEqual([
      "Cloudmart Merchant Center",
      "Logistics Frontline",
      "New Retail Observer",
      "Tide Technology",
      "Urban Consumer Institute",
      "Coastal Daily",
      "Going Global Weekly",
      "Cross-border Seller Weekly",
    ]);
    const typo = issue.sections[2]?.items[0];
    expect(typo?.body).toMatch(/more than a month\.$/);
    for (const item of issue.sections.flatMap((s) => s.items)) expect(item.body).not.toMatch(/Source/);
  });

  it("keeps the editorial's text in the view and the footer lines apart from it", () => {
    const view = issue.sections[3];
    expect(view?.body).toMatch(/^What hurts a business most is not being slow/);
    expect(view?.body).toMatch(/which products really make the profit\.$/);
    expect(issue.footer).toHaveLength(2);
    expect(issue.footer[0]).toMatch(/^Thank you for your attention/);
    expect(issue.footer[1]).toMatch(/^Click here to apply to join the Laogao E-commerce Club/);
  });
});

describe("the shared sample issue (an English translation of a real one)", () => {
  const path = repoPath("../shared/samples/newsletter-2017-12-25.txt");
  it.skipIf(!existsSync(path))("parses into its lead, three news sections, the view and the footer", () => {
    const issue = parseNewsletterText(readFileSync(path, "utf8"), SHANGHAI);
    expect(issue.date).toBe("2017-12-25");
    expect(issue.language).toBe("en");
    expect(issue.headlines.map((h) => h.n)).toEqual([1, 2, 3]);
    expect(issue.headlines[1]?.text).toBe(
      "Alibaba Cloud and BMW have reached cooperation on intelligent Internet vehicles",
    );
    expect(issue.sections.map((s) => [s.key, s.items.length])).toEqual([
      ["ecommerce", 3],
      ["internet", 3],
      ["crossborder", 2],
      ["view", 0],
    ]);
    const blink = issue.sections[2]?.items[0];
    expect(blink?.source).toBe("Kuai Technology");
    expect(blink?.body).toMatch(/easier for couriers to deliver packages\.$/);
    expect(issue.sections[0]?.items[0]?.images).toHaveLength(1);
    expect(issue.sections[3]?.body).toMatch(/^Why do companies need to replace the "broken window theory"\?/);
    expect(issue.footer).toHaveLength(2);
    expect(issue.footer[0]).toMatch(/^Thank you for your attention/);
  });
});

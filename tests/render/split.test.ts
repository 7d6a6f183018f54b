import { describe, expect, it } from "vitest";
import { codePointLength, type Group, splitDocument, utf16Length } from "../../src/render/split.ts";

const line = (text: string, gap = "\n") => ({ kind: "line" as const, spans: [{ text }], gap });
const attach = (value: string) => ({ kind: "attach" as const, value });
const plain = (spans: { text: string }[]) => spans.map((s) => s.text).join("");

describe("splitDocument", () => {
  it("measures as it is told: UTF-16 units for Telegram, code points for WeChat", () => {
    expect(utf16Length("a😀")).toBe(3);
    expect(codePointLength("a😀")).toBe(2);
    expect(codePointLength("\ud800x")).toBe(2);
  });

  it("packs whole groups while they fit and leaves a single part unnumbered", () => {
    const groups: Group<string>[] = [[line("aaaa")], [line("bbbb")]];
    const pieces = splitDocument(groups, {
      limit: 20,
      measure: utf16Length,
      label: (i, n) => `(${i}/${n})\n`,
    });
    expect(pieces.map((p) => plain(p.spans))).toEqual(["aaaa\n\nbbbb"]);
  });

  it("reserves room for labels with as many digits as the part count needs", () => {
    const label = (i: number, n: number) => `(${i}/${n})\n`;
    const wide = Array.from(
      { length: 150 },
      (_, i): Group<string> => [line(`g${String(i).padStart(3, "0")}-xxxxxx`)],
    );
    const texts = splitDocument(wide, { limit: 21, measure: utf16Length, label }).map((p) => plain(p.spans));
    expect(texts).toHaveLength(150);
    expect(texts[0]).toBe("(1/150)\ng000-xxxxxx");
    expect(texts[149]).toBe("(150/150)\ng149-xxxxxx");
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(21);

    // Unlabelled, 20 short groups take 7 parts; one-digit labels push them to 10; two-digit labels to 20.
    const short = Array.from({ length: 20 }, (): Group<string> => [line("aaaa")]);
    expect(splitDocument(short, { limit: 16, measure: utf16Length })).toHaveLength(7);
    const parts = splitDocument(short, { limit: 16, measure: utf16Length, label }).map((p) => plain(p.spans));
    expect(parts).toHaveLength(20);
    expect(parts[19]).toBe("(20/20)\naaaa");
  });

  it("keeps attachments with the part holding the text they follow, and leading ones with their group's first line", () => {
    const groups: Group<string>[] = [
      [line("first item"), attach("img1")],
      [attach("img2"), line("second item")],
    ];
    const pieces = splitDocument(groups, { limit: 12, measure: utf16Length });
    expect(pieces.map((p) => [plain(p.spans), p.attachments])).toEqual([
      ["first item", ["img1"]],
      ["second item", ["img2"]],
    ]);
  });

  it("keeps styles on both sides of a cut", () => {
    const groups: Group<string>[] = [
      [{ kind: "line", spans: [{ text: "粗体标题很长很长", style: "b" }, { text: "。正文" }], gap: "\n" }],
    ];
    const pieces = splitDocument(groups, { limit: 8, measure: codePointLength });
    expect(pieces.map((p) => p.spans)).toEqual([
      [{ text: "粗体标题很长很长", style: "b" }],
      [{ text: "。正文" }],
    ]);
  });

  it("cuts between whole grapheme clusters: flags, skin tones and combining accents stay whole", () => {
    for (const unit of ["🇨🇳", "👍🏽", "e\u0301", "ｶﾞ", "👨‍👩‍👧"]) {
      const text = unit.repeat(40);
      const pieces = splitDocument([[line(text)]], { limit: 9, measure: codePointLength });
      expect(pieces.length).toBeGreaterThan(1);
      for (const p of pieces) expect(plain(p.spans).split(unit).join("")).toBe("");
      expect(pieces.map((p) => plain(p.spans)).join("")).toBe(text);
    }
  });

  it("refuses a limit too small to hold anything", () => {
    expect(() => splitDocument([], { limit: 3, measure: utf16Length })).toThrow(RangeError);
  });
});

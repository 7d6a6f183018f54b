import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PLATFORMS } from "../../src/platforms/registry.ts";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Code without its comments: a comment may explain a platform's reason; code must not depend on one. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/**
 * The merchant's contact may be a "WeChat ID": that is the applicant's data (domain vocabulary),
 * not the platform the bot runs on, and it is stored as the contact kind `wechat`.
 */
const DOMAIN_VOCABULARY = [
  /wechat[\s_-]?id/gi,
  /wechat\(\\s\*id\)\?/g,
  /kind: "wechat"/g,
  /\["phone", "wechat"\]/g,
];

describe("platforms are plugins", () => {
  it("no file outside src/platforms/ names a platform", () => {
    const ids = PLATFORMS.map((p) => p.id);
    const names = [
      ...new Set([...ids, ...PLATFORMS.map((p) => p.title.split(" ")[0] ?? p.id), "wechaty", "t.me"]),
    ];
    const found: string[] = [];
    for (const file of sources(SRC)) {
      const rel = path.relative(SRC, file);
      if (rel.startsWith(`platforms${path.sep}`)) continue;
      let text = code(readFileSync(file, "utf8"));
      for (const allowed of DOMAIN_VOCABULARY) text = text.replace(allowed, "");
      text.split("\n").forEach((line, i) => {
        for (const name of names) {
          // `console.log` is Node's, not the console platform: only the id as a string counts there.
          const pattern =
            name === "console" ? /["'`]console["'`:]/ : name === "t.me" ? /\bt\.me\// : new RegExp(name, "i");
          if (pattern.test(line)) found.push(`src/${rel}:${i + 1} names ${name}: ${line.trim()}`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it("every platform is one registry entry with what the rest of paperboy asks of it", () => {
    const ids = PLATFORMS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(["telegram", "wechat", "wecom", "console"]));
    for (const p of PLATFORMS) {
      expect(p.id).toMatch(/^[a-z][a-z0-9]*$/);
      expect(p.exampleChatId.startsWith(`${p.id}:`)).toBe(true);
      expect(typeof p.render({ blocks: [{ kind: "paragraph", text: "hi" }] })[0]).toBe("object");
      expect(p.limits().perChat(`${p.id}:x`)).toBeInstanceOf(Array);
      for (const v of p.env) expect(v.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
    }
  });
});

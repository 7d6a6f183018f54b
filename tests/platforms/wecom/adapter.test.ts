import { mkdtempSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { ChatGone, PermanentError, RateLimited } from "../../../src/core/ports/index.ts";
import { imagePolicy } from "../../../src/images/index.ts";
import { createWecomAdapter, parseRobots, renderWecom } from "../../../src/platforms/wecom/index.ts";
import { startWecomApi, type WecomApi } from "../../support/wecom-api/server.ts";

const KEY_A = "a1b2c3d4-0000-4000-8000-00000000000a";
const KEY_B = "a1b2c3d4-0000-4000-8000-00000000000b";
const log = pino({ level: "silent" });
/** A real 1×1 png: the image policy checks pictures by their content. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

describe("WeCom group robots against the webhook stand-in", () => {
  let api: WecomApi;
  let dataDir: string;
  const adapter = () =>
    createWecomAdapter({
      robots: [
        { name: "运营一群", key: KEY_A },
        { name: "Sellers: South", key: KEY_B },
      ],
      apiRoot: api.url,
      dataDir,
      images: imagePolicy({ imageDir: path.join(dataDir, "images"), imageHosts: [] }, 2 * 1024 * 1024),
      log,
      rateLimitBackoffSeconds: 1,
    });

  beforeAll(async () => {
    api = await startWecomApi({ keys: [KEY_A, KEY_B] });
    dataDir = mkdtempSync(path.join(tmpdir(), "paperboy-wecom-"));
    await mkdir(path.join(dataDir, "images/upload/img"), { recursive: true });
    writeFileSync(path.join(dataDir, "images/upload/img/1.png"), PNG);
    writeFileSync(path.join(dataDir, "paperboy.json"), '{"applications":[]}');
  });
  afterAll(() => api.close());

  it("reads robots as `<group name>:<key>` and keeps the keys out of what it describes", () => {
    expect(parseRobots(`运营一群:${KEY_A}, Sellers: South:${KEY_B}`)).toEqual([
      { name: "运营一群", key: KEY_A },
      { name: "Sellers: South", key: KEY_B },
    ]);
    const config = loadConfig({ WECOM_WEBHOOK_KEYS: `运营一群:${KEY_A}` });
    expect(config.platforms.wecom).toBeDefined();
    expect(() => loadConfig({ WECOM_WEBHOOK_KEYS: "no key here" })).toThrow(/WECOM_WEBHOOK_KEYS/);
    try {
      loadConfig({ WECOM_WEBHOOK_KEYS: "群:short" });
    } catch (err) {
      expect(String(err)).not.toContain("short");
    }
  });

  it("sends markdown to the group's robot, named by the group and never by the key", async () => {
    const a = adapter();
    const [part] = a.render({
      blocks: [
        { kind: "heading", text: "跨境快报" },
        { kind: "paragraph", text: "正文" },
      ],
    });
    if (!part) throw new Error("nothing rendered");
    await a.send("wecom:运营一群", part);
    const [got] = await api.waitForMessages(KEY_A, 1);
    expect(got?.msgtype).toBe("markdown");
    expect(got?.content).toContain("**跨境快报**");
    await a.send("wecom:Sellers: South", { type: "text", text: "plain", format: "plain" });
    const [plain] = await api.waitForMessages(KEY_B, 1);
    expect(plain?.msgtype).toBe("text");
  });

  it("sends an issue's image as base64 with its md5; a missing one is a PermanentError", async () => {
    const a = adapter();
    await a.send("wecom:运营一群", { type: "image", src: "/upload/img/1.png", format: "plain" });
    const images = api.messagesFor(KEY_A).filter((m) => m.msgtype === "image");
    expect(images.at(-1)?.image?.equals(PNG)).toBe(true);
    await expect(
      a.send("wecom:运营一群", { type: "image", src: "/upload/img/none.png", format: "plain" }),
    ).rejects.toBeInstanceOf(PermanentError);
    // The store is never an image: only the image folder, and only pictures, are sent.
    await expect(
      a.send("wecom:运营一群", { type: "image", src: "../paperboy.json", format: "plain" }),
    ).rejects.toBeInstanceOf(PermanentError);
    expect(api.messagesFor(KEY_A).filter((m) => m.msgtype === "image")).toHaveLength(images.length);
  });

  it("45009 is RateLimited (back off, retry), 93000 marks the chat gone, others fail with the reason", async () => {
    const a = adapter();
    const part = { type: "text" as const, text: "x", format: "markdown" as const };
    api.failNext(KEY_A, 45009);
    const limited = await a.send("wecom:运营一群", part).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimited);
    expect((limited as RateLimited).retryAfterSeconds).toBe(1);
    api.failNext(KEY_A, 40058);
    const other = await a.send("wecom:运营一群", part).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(PermanentError);
    expect(String((other as Error).message)).toMatch(/40058/);
    api.failNext(KEY_A, 93000);
    const gone = await a.send("wecom:运营一群", part).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ChatGone);
    for (const e of [limited, other, gone]) expect(String((e as Error).message)).not.toContain(KEY_A);
    await expect(a.send("wecom:nobody", part)).rejects.toBeInstanceOf(PermanentError);
  });

  it("renders every part of a long reply within 4096 UTF-8 bytes", () => {
    const paragraph = "跨境卖家年度调研：七成卖家计划扩大投入。".repeat(40);
    const parts = renderWecom({
      blocks: Array.from({ length: 12 }, () => ({ kind: "paragraph", text: paragraph })),
    });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) if (p.type === "text") expect(Buffer.byteLength(p.text)).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => (p.type === "text" ? p.text : "")).join("")).toContain("七成卖家");
  });
});

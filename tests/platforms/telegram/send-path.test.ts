import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import type { OutPart } from "../../../src/core/ports/index.ts";
import { createDispatcher } from "../../../src/delivery/dispatcher.ts";
import { createTelegramAdapter } from "../../../src/platforms/telegram/index.ts";
import type { UploadedFile } from "../../support/telegram-api/methods.ts";
import { startTelegramApi, type TelegramApi } from "../../support/telegram-api/server.ts";

const log = pino({ level: "silent" });
const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const photo = (src: string): OutPart => ({ type: "image", src, caption: "图", format: "html" });

let api: TelegramApi | undefined;
let dir: string | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function imageFolder(): string {
  dir = mkdtempSync(path.join(tmpdir(), "paperboy-tg-send-"));
  mkdirSync(path.join(dir, "images/upload/img/20260312"), { recursive: true });
  writeFileSync(path.join(dir, "images/upload/img/20260312/101.png"), TINY_PNG);
  return dir;
}

const adapterOn = (a: TelegramApi, dataDir: string) =>
  createTelegramAdapter({ token: a.token, apiRoot: a.url, dataDir, log });

describe("telegram send path", () => {
  it("uploads a picture once, then sends it to every other chat by the file_id Telegram gave it", async () => {
    api = await startTelegramApi({ limits: false });
    const dataDir = imageFolder();
    const adapter = adapterOn(api, dataDir);
    const src = "/upload/img/20260312/101.png";
    // Ten chats at once: the sends that come while the first upload is in flight wait for its id.
    await Promise.all(Array.from({ length: 10 }, (_, i) => adapter.send(`telegram:-${500 + i}`, photo(src))));
    await adapter.send("telegram:-600", photo(src));
    const photos = api.sent.map((m) => m.photo);
    const uploads = photos.filter((p) => typeof p === "object");
    expect(uploads).toEqual([{ filename: "101.png", size: TINY_PNG.length }]);
    const first = api.sent.find((m) => typeof m.photo === "object")?.message as {
      photo: Array<{ file_id: string }>;
    };
    const fileId = first.photo[first.photo.length - 1]?.file_id;
    expect(photos.filter((p) => p === fileId)).toHaveLength(10);
    expect(api.sent.every((m) => m.parsedText === "图")).toBe(true);
  });

  it("a bot started again (a push resumed after a crash) uploads the picture again and goes on", async () => {
    api = await startTelegramApi({ limits: false });
    const dataDir = imageFolder();
    const src = "/upload/img/20260312/101.png";
    await adapterOn(api, dataDir).send("telegram:-700", photo(src));
    const restarted = adapterOn(api, dataDir);
    await restarted.send("telegram:-701", photo(src));
    await restarted.send("telegram:-702", photo(src));
    const kinds = ["-700", "-701", "-702"].map((c) => typeof api?.sentTo(Number(c))[0]?.photo);
    expect(kinds).toEqual(["object", "object", "string"]);
  });

  it("a picture replaced under the same name is uploaded anew", async () => {
    api = await startTelegramApi({ limits: false });
    const dataDir = imageFolder();
    const adapter = adapterOn(api, dataDir);
    const src = "/upload/img/20260312/101.png";
    await adapter.send("telegram:-710", photo(src));
    const bigger = Buffer.concat([TINY_PNG, Buffer.alloc(16)]);
    writeFileSync(path.join(dataDir, "images", src), bigger);
    await adapter.send("telegram:-711", photo(src));
    expect(api.sentTo(-711)[0]?.photo as UploadedFile | undefined).toMatchObject({ size: bigger.length });
  });

  it("a file_id Telegram refuses is forgotten and the picture uploaded again in the same send", async () => {
    api = await startTelegramApi({ limits: false });
    const dataDir = imageFolder();
    const adapter = adapterOn(api, dataDir);
    const src = "/upload/img/20260312/101.png";
    await adapter.send("telegram:-720", photo(src));
    api.failNext(1, {
      code: 400,
      description: "Bad Request: wrong file identifier/HTTP URL specified",
      method: "sendPhoto",
    });
    await adapter.send("telegram:-721", photo(src));
    await adapter.send("telegram:-722", photo(src));
    expect(typeof api.sentTo(-721)[0]?.photo).toBe("object");
    expect(typeof api.sentTo(-722)[0]?.photo).toBe("string");
  });

  it("a 5xx is retried and the message arrives once, then the chat's pace holds, with no 429", async () => {
    api = await startTelegramApi();
    const dataDir = imageFolder();
    const adapter = adapterOn(api, dataDir);
    const dispatcher = createDispatcher({
      adapters: [adapter],
      config: loadConfig({ PAPERBOY_DATA_DIR: dataDir }),
      log,
      retry: { firstRetryMs: 20 },
    });
    const text: OutPart = { type: "text", text: "第一节", format: "plain" };
    api.failNext(1, { code: 500, method: "sendMessage" });
    const since = api.mark();
    await dispatcher.send("telegram:-730", text);
    await dispatcher.send("telegram:-730", text);
    const calls = api.events
      .slice(since)
      .filter((e) => e.kind === "call" && e.method === "sendMessage")
      .map((e) => (e.kind === "call" ? (e.errorCode ?? 200) : 0));
    expect(calls).toEqual([500, 200, 200]);
    // The refused send took nothing from the chat's window; the two messages still keep 1 a second.
    const times = api.sentTo(-730).map((m) => m.time);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(1000);
    expect(api.stats().tooManyRequests).toBe(0);
    await dispatcher.stop();
  });
});

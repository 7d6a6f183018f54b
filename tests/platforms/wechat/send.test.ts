import { once } from "node:events";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { InboundHandlers, Reply } from "../../../src/core/ports/index.ts";
import { ChatGone, PermanentError, RateLimited, TransientError } from "../../../src/core/ports/index.ts";
import { fitToLimit } from "../../../src/platforms/wechat/encode.ts";
import { isConnectionLost, mapPuppetError } from "../../../src/platforms/wechat/errors.ts";
import { TINY_PNG } from "../../support/images.ts";
import { type MockWorld, sendAll, startMockWorld } from "./harness.ts";

const quiet = (): InboundHandlers => ({ onMessage: async () => [], onChatEvent: async () => [] });

let world: MockWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe("sending to WeChat through the adapter", () => {
  it("a room that does not exist is ChatGone, so the delivery layer stops sending there", async () => {
    world = await startMockWorld(quiet);
    await expect(
      world.adapter.send("wechat:nosuchroom@chatroom", { type: "text", text: "hi", format: "plain" }),
    ).rejects.toBeInstanceOf(ChatGone);
  });

  it("a room the bot was removed from is ChatGone even though the puppet still knows the room", async () => {
    world = await startMockWorld(quiet);
    world.room.remove(world.bot).by(world.alice);
    await world.tap.waitFor((l) => l.msg === "wechat: room event", "the removal to be seen");
    await expect(
      world.adapter.send(`wechat:${world.room.id}`, { type: "text", text: "hi", format: "plain" }),
    ).rejects.toBeInstanceOf(ChatGone);
  });

  it("while the account is logged out, a send is a TransientError (worth retrying after the next login)", async () => {
    world = await startMockWorld(quiet);
    const loggedOut = once(world.wechaty as never, "logout");
    await world.puppet.logout();
    await loggedOut;
    await expect(
      world.adapter.send(`wechat:${world.room.id}`, { type: "text", text: "hi", format: "plain" }),
    ).rejects.toBeInstanceOf(TransientError);
  });

  it("a missing image fails alone with a PermanentError and the text around it still arrives", async () => {
    world = await startMockWorld(quiet);
    const inbox = world.inbox(world.room);
    const reply: Reply = {
      blocks: [
        { kind: "title", n: 1, text: "第一条" },
        { kind: "image", src: "/upload/img/20991231/missing.png" },
        { kind: "break" },
        { kind: "title", n: 2, text: "第二条" },
      ],
    };
    const parts = world.adapter.render(reply);
    const image = parts.find((p) => p.type === "image");
    expect(image).toBeDefined();
    await expect(world.adapter.send(`wechat:${world.room.id}`, image as never)).rejects.toBeInstanceOf(
      PermanentError,
    );

    await sendAll(world.adapter, `wechat:${world.room.id}`, [reply]);
    await inbox.waitForCount(parts.length - 1);
    expect(inbox.texts.join("\n")).toContain("第二条");
    expect(inbox.files).toEqual([]);
  });

  it("a picture from the image folder is sent, and a site path is fetched by the bot from the image base (never by the puppet)", async () => {
    const hits: string[] = [];
    const server = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      res.end(req.url?.endsWith("/page.png") ? "<html>not a picture</html>" : TINY_PNG);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      world = await startMockWorld(quiet, { imageBaseUrl: `${base}/static` });
      const inbox = world.inbox(world.room);
      mkdirSync(path.join(world.dataDir, "images"));
      const png = path.join(world.dataDir, "images", "chart.png");
      writeFileSync(png, TINY_PNG);

      await world.adapter.send(`wechat:${world.room.id}`, { type: "image", src: png, format: "plain" });
      await world.adapter.send(`wechat:${world.room.id}`, {
        type: "image",
        src: "/upload/img/20991231/1.png",
        format: "plain",
      });
      await inbox.waitForCount(2);
      expect(hits).toEqual(["/static/upload/img/20991231/1.png"]);

      const boxes = [...world.mocker.cacheFileBoxPayload.values()] as { name?: string; url?: string }[];
      expect(boxes.map((b) => b.name)).toEqual(expect.arrayContaining(["chart.png", "1.png"]));
      // The puppet gets bytes only: it never fetches a URL an issue named.
      expect(boxes.filter((b) => b.url)).toEqual([]);

      // What the site answers must be a picture; other hosts are not fetched at all.
      for (const src of ["/upload/page.png", "http://localhost:1/x.png", "http://169.254.169.254/latest"]) {
        await expect(
          world.adapter.send(`wechat:${world.room.id}`, { type: "image", src, format: "plain" }),
          src,
        ).rejects.toBeInstanceOf(PermanentError);
      }
      expect(hits).toEqual(["/static/upload/img/20991231/1.png", "/static/upload/page.png"]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("a local file outside the image folder is refused, however the issue names it", async () => {
    world = await startMockWorld(quiet);
    const outside = path.join(path.dirname(world.dataDir), `paperboy-outside-${process.pid}.png`);
    writeFileSync(outside, TINY_PNG);
    writeFileSync(path.join(world.dataDir, "wechat.memory-card.json"), '{"session":"secret"}');
    mkdirSync(path.join(world.dataDir, "images"));
    symlinkSync(outside, path.join(world.dataDir, "images", "link.png"));
    try {
      for (const src of [
        outside,
        `file://${outside}`,
        "../../../../../../../../etc/hostname",
        "/wechat.memory-card.json",
        "../wechat.memory-card.json",
        "link.png",
      ]) {
        await expect(
          world.adapter.send(`wechat:${world.room.id}`, { type: "image", src, format: "plain" }),
          src,
        ).rejects.toBeInstanceOf(PermanentError);
      }
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it("a private chat is found by contact id and gets the text", async () => {
    world = await startMockWorld(quiet);
    const inbox = world.inbox(world.bob);
    const receipt = await world.adapter.send(`wechat:${world.bob.id}`, {
      type: "text",
      text: "你好",
      format: "plain",
    });
    await inbox.waitForCount(1);
    expect(inbox.texts).toEqual(["你好"]);
    expect(receipt.messageId).toBeTruthy();
  });
});

describe("puppet errors become the delivery layer's typed errors", () => {
  it("WeChat's 'too frequent' is RateLimited with a long rest", () => {
    const e = mapPuppetError(new Error("发送消息过于频繁，请稍后再试"));
    expect(e).toBeInstanceOf(RateLimited);
    expect((e as RateLimited).retryAfterSeconds).toBeGreaterThanOrEqual(30);
  });

  it("an unreachable puppet service is transient and counts as a lost connection", () => {
    const grpc = Object.assign(new Error("14 UNAVAILABLE: Connection dropped"), { code: 14 });
    expect(mapPuppetError(grpc)).toBeInstanceOf(TransientError);
    expect(isConnectionLost(grpc)).toBe(true);
    expect(isConnectionLost(new Error("no payload found for id abc"))).toBe(false);
  });

  it("a missing file is permanent and a room the bot is not in is gone", () => {
    expect(mapPuppetError(new Error("ENOENT: no such file or directory"))).toBeInstanceOf(PermanentError);
    expect(mapPuppetError(new Error("bot is not a room member"))).toBeInstanceOf(ChatGone);
  });
});

describe("the adapter's length guarantee", () => {
  it("splits any text over the limit at paragraph breaks, never inside an emoji", () => {
    const para = `${"🙂".repeat(30)}${"字".repeat(60)}`;
    const text = Array.from({ length: 40 }, () => para).join("\n\n");
    const parts = fitToLimit([{ type: "text", text, format: "plain" }], 500);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.type).toBe("text");
      const t = (p as { text: string }).text;
      expect([...t].length).toBeLessThanOrEqual(500);
      expect(t.startsWith("🙂")).toBe(true);
      expect(t.endsWith("字")).toBe(true);
    }
  });
});

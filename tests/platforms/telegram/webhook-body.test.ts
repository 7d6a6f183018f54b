import { connect, createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Incoming } from "../../../src/core/ports/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** POSTs `body` over a raw socket in two writes cut at byte `cut`; resolves with the status line. */
function postInTwoChunks(
  port: number,
  path: string,
  secret: string,
  body: Buffer,
  cut: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    let answer = "";
    socket.on("data", (d) => {
      answer += d.toString("latin1");
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.on("connect", () => {
      const head =
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `X-Telegram-Bot-Api-Secret-Token: ${secret}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      socket.write(Buffer.concat([Buffer.from(head), body.subarray(0, cut)]), () => {
        // Two TCP segments: the server reads the first before the second exists. No event tells
        // when the server has read it, so the second write waits a moment.
        setTimeout(() => socket.write(body.subarray(cut)), 100);
      });
    });
  });
}

describe("the webhook reads bodies as bytes", () => {
  it("a Chinese character split across two TCP chunks arrives whole; a body over 1 MB is refused", async () => {
    const port = await freePort();
    const webhookUrl = `http://127.0.0.1:${port}/telegram/hook`;
    h = await startHarness({ adapter: { webhookUrl, webhookSecret: "s3cret-for-tests" } });
    const { api, inbound } = h;
    const update = { ...api.textMessage({ chat: 41, text: "跨境快报" }), update_id: 900001 };
    const body = Buffer.from(JSON.stringify(update));
    // Cut inside the three bytes of 跨.
    const cut = body.indexOf(Buffer.from("跨")) + 1;
    const status = await postInTwoChunks(port, "/telegram/hook", "s3cret-for-tests", body, cut);
    expect(status).toMatch(/ 200 /);
    const msg = await inbound.next<Incoming>("messages", (m) => m.chatId === "telegram:41");
    expect(msg.text).toBe("跨境快报");

    const big = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "s3cret-for-tests" },
      body: JSON.stringify({ update_id: 900002, pad: "x".repeat(1_100_000) }),
    });
    expect(big.status).toBe(413);
  });
});

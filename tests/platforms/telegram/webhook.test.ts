import { createServer } from "node:net";
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

describe("the Telegram adapter in webhook mode", () => {
  it("registers its webhook with a secret, takes updates posted to it, and refuses requests without the secret", async () => {
    const port = await freePort();
    const webhookUrl = `http://127.0.0.1:${port}/telegram/hook`;
    h = await startHarness({
      adapter: { webhookUrl, webhookSecret: "s3cret-for-tests" },
      respond: () => [{ blocks: [{ kind: "paragraph", text: "收到" }] }],
    });
    const { api, inbound } = h;
    api.pushUpdate(api.textMessage({ chat: 31, text: "今日" }));
    const msg = await inbound.next<Incoming>("messages");
    expect(msg).toMatchObject({ chatId: "telegram:31", text: "今日", chatKind: "private" });
    await api.waitForSent((m) => m.chatId === 31 && m.parsedText === "收到");

    const forged = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong" },
      body: JSON.stringify(api.textMessage({ chat: 32, text: "今日" })),
    });
    expect(forged.status).toBe(403);
    const unsigned = await fetch(webhookUrl, { method: "POST", body: "{}" });
    expect(unsigned.status).toBe(403);
    expect(inbound.messages.map((m) => m.chatId)).toEqual(["telegram:31"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutPart } from "../../../src/core/ports/index.ts";
import {
  BadMarkup,
  ChatGone,
  ChatMigrated,
  isRetryable,
  PermanentError,
  RateLimited,
  TooLong,
  TransientError,
} from "../../../src/core/ports/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let clock = 0;
beforeAll(async () => {
  clock = 5_000_000;
  h = await startHarness({ api: { limits: {}, now: () => clock } });
});
afterAll(async () => {
  await h.stop();
});

const text = (t: string, format: "html" | "plain" = "html"): OutPart => ({ type: "text", text: t, format });

async function failure(chatId: string, part: OutPart): Promise<unknown> {
  return h.adapter.send(chatId, part).then(
    () => {
      throw new Error("expected the send to fail");
    },
    (e: unknown) => e,
  );
}

describe("Telegram errors become the delivery layer's typed errors", () => {
  it("429 over a chat's rate becomes RateLimited with retry_after", async () => {
    clock += 60_000;
    await h.adapter.send("telegram:1001", text("one"));
    const e = await failure("telegram:1001", text("two"));
    expect(e).toBeInstanceOf(RateLimited);
    expect((e as RateLimited).retryAfterSeconds).toBe(1);
    expect(isRetryable(e)).toBe(true);
    h.api.failNext(1, { code: 429, retryAfter: 33 });
    clock += 60_000;
    expect(((await failure("telegram:1002", text("x"))) as RateLimited).retryAfterSeconds).toBe(33);
  });

  it("403 from a kicked group or a blocking user becomes ChatGone", async () => {
    h.api.kick(-1003, { notify: false });
    const kicked = await failure("telegram:-1003", text("hi"));
    expect(kicked).toBeInstanceOf(ChatGone);
    expect((kicked as ChatGone).reason).toBe("bot was kicked from the group chat");
    h.api.block(1004, { notify: false });
    expect(((await failure("telegram:1004", text("hi"))) as ChatGone).reason).toBe(
      "bot was blocked by the user",
    );
  });

  it("400 with migrate_to_chat_id becomes ChatMigrated with the new id", async () => {
    h.api.migrate(-1005, -1001005, { notify: false });
    const e = await failure("telegram:-1005", text("hi"));
    expect(e).toBeInstanceOf(ChatMigrated);
    expect((e as ChatMigrated).newRawChatId).toBe("-1001005");
  });

  it("bad markup, too long, and other 400s are not retried", async () => {
    clock += 60_000;
    expect(await failure("telegram:1006", text("<p>x</p>"))).toBeInstanceOf(BadMarkup);
    expect(await failure("telegram:1006", text("x".repeat(4097), "plain"))).toBeInstanceOf(TooLong);
    h.api.breakPhotoUrl("https://img.example.com/gone.png");
    const gone = await failure("telegram:1006", {
      type: "image",
      src: "https://img.example.com/gone.png",
      format: "html",
    });
    expect(gone).toBeInstanceOf(PermanentError);
    expect(isRetryable(gone)).toBe(false);
  });

  it("5xx and a dropped connection become TransientError", async () => {
    clock += 60_000;
    h.api.failNext(1, { code: 502 });
    const e502 = await failure("telegram:1007", text("x"));
    expect(e502).toBeInstanceOf(TransientError);
    expect((e502 as TransientError).code).toBe(502);
    h.api.failNext(1, { code: 500 });
    expect(await failure("telegram:1007", text("x"))).toBeInstanceOf(TransientError);
    h.api.failNext(1, { code: "reset" });
    const reset = await failure("telegram:1007", text("x"));
    expect(reset).toBeInstanceOf(TransientError);
    expect((reset as Error).message).not.toContain(h.api.token);
    await h.adapter.send("telegram:1007", text("and then it works"));
  });
});

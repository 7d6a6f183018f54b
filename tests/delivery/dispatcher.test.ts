import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { OutPart, PlatformAdapter, SendReceipt } from "../../src/core/ports/index.ts";
import { BadMarkup, ChatGone, RateLimited, TransientError } from "../../src/core/ports/index.ts";
import { backoffMs, createDispatcher, DEFAULT_RETRY } from "../../src/delivery/dispatcher.ts";

const log = pino({ level: "silent" });
const config = loadConfig({ PAPERBOY_DATA_DIR: "/tmp/unused" });
const part: OutPart = { type: "text", text: "hi", format: "plain" };

/** A platform whose answers the test scripts, one per call; records when each call came. */
function scriptedPlatform(script: Array<Error | "ok">) {
  const calls: number[] = [];
  const adapter: PlatformAdapter = {
    platform: "console",
    start: async () => {},
    stop: async () => {},
    render: () => [part],
    async send(): Promise<SendReceipt> {
      calls.push(Date.now());
      const next = script.shift() ?? "ok";
      if (next !== "ok") throw next;
      return { messageId: String(calls.length) };
    },
  };
  return { adapter, calls };
}

function dispatcherFor(adapter: PlatformAdapter) {
  return createDispatcher({
    adapters: [adapter],
    config,
    log,
    retry: { minTimeoutMs: 10, maxTimeoutMs: 50, transientRetries: 2 },
  });
}

describe("dispatcher", () => {
  it("waits retry_after after a 429 and sends the same message again", async () => {
    const { adapter, calls } = scriptedPlatform([new RateLimited(1)]);
    const d = dispatcherFor(adapter);
    expect(await d.send("console:a", part)).toEqual({ messageId: "2" });
    expect((calls[1] as number) - (calls[0] as number)).toBeGreaterThanOrEqual(990);
    expect(d.stats.rateLimited).toBe(1);
  });

  it("retries a transient failure with backoff, then gives up with the error", async () => {
    const ok = scriptedPlatform([new TransientError("502"), new TransientError("502")]);
    expect(await dispatcherFor(ok.adapter).send("console:a", part)).toEqual({ messageId: "3" });
    const bad = scriptedPlatform([1, 2, 3, 4].map(() => new TransientError("502")));
    await expect(dispatcherFor(bad.adapter).send("console:a", part)).rejects.toBeInstanceOf(TransientError);
    expect(bad.calls).toHaveLength(3);
  });

  it("never retries bad markup, and hands a gone chat back to the caller", async () => {
    const markup = scriptedPlatform([new BadMarkup("can't parse entities", 400)]);
    await expect(dispatcherFor(markup.adapter).send("console:a", part)).rejects.toBeInstanceOf(BadMarkup);
    expect(markup.calls).toHaveLength(1);
    const gone = scriptedPlatform([new ChatGone("bot was kicked from the group chat")]);
    await expect(dispatcherFor(gone.adapter).send("console:a", part)).rejects.toBeInstanceOf(ChatGone);
    expect(gone.calls).toHaveLength(1);
  });

  it("refuses a chat of a platform it has no adapter for", async () => {
    const { adapter } = scriptedPlatform([]);
    await expect(dispatcherFor(adapter).send("telegram:-1", part)).rejects.toThrow(/no adapter/);
  });
});

describe("backoff after a 5xx", () => {
  it("retries twice quickly, then backs off from half a second, with jitter around each wait", () => {
    const middle = () => 0.5;
    const waits = [1, 2, 3, 4, 5, 6].map((n) => backoffMs(DEFAULT_RETRY, n, middle));
    expect(waits).toEqual([50, 100, 500, 1000, 2000, 4000]);
    // The whole wait before giving up stays what it was before the second quick retry (~7.6 s).
    expect(waits.reduce((a, b) => a + b, 0)).toBe(7650);
    expect(backoffMs(DEFAULT_RETRY, 2, () => 0)).toBe(50);
    expect(backoffMs(DEFAULT_RETRY, 2, () => 0.999)).toBeCloseTo(149.9);
  });
});

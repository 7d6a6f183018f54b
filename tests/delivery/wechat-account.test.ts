import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { InboundHandlers, OutPart, PlatformAdapter, SendReceipt } from "../../src/core/ports/index.ts";
import { ChatGone } from "../../src/core/ports/index.ts";
import { AccountOffline, createDispatcher, DispatcherStopped } from "../../src/delivery/dispatcher.ts";
import { createMockWorld, type MockWorld } from "../platforms/wechat/harness.ts";

/**
 * The dispatcher and a WeChat account that is not logged in (waiting for a QR scan, reconnecting):
 * sends wait for the login instead of spending their retries and failing.
 */

const log = pino({ level: "silent" });
const part: OutPart = { type: "text", text: "今晚的快报", format: "plain" };
const quiet: InboundHandlers = { onMessage: async () => [], onChatEvent: async () => [] };

let world: (MockWorld & { login(): Promise<void> }) | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function offlineWorld() {
  const w = createMockWorld({ minIntervalMs: 0 });
  world = w;
  await w.adapter.start(quiet);
  const config = loadConfig({
    PAPERBOY_DATA_DIR: w.dataDir,
    WECHATY_PUPPET: "wechaty-puppet-mock",
    WECHAT_MIN_INTERVAL_MS: "0",
  });
  return { w, config };
}

describe("sends to a WeChat account that is not logged in", () => {
  it("wait for the login, spend no retry, and arrive", async () => {
    const { w, config } = await offlineWorld();
    const dispatcher = createDispatcher({
      adapters: [w.adapter],
      config,
      log: w.tap.logger,
      retry: { transientRetries: 1 },
    });
    const inbox = w.inbox(w.room);
    const sending = dispatcher.send(`wechat:${w.room.id}`, part);
    await w.tap.waitFor((l) => /account is offline/.test(String(l.msg)), "the send to wait for the login");
    expect(w.adapter.isReady()).toBe(false);
    expect(dispatcher.stats.waitedForAccount).toBe(1);

    await w.login();
    expect((await sending).messageId).toBeTruthy();
    await inbox.waitForCount(1);
    expect(inbox.texts).toEqual(["今晚的快报"]);
    expect(dispatcher.stats).toMatchObject({ sent: 1, transientFailures: 0 });
    await dispatcher.stop();
  });

  it("give the message up with AccountOffline once the account stayed out longer than the bound, without retrying", async () => {
    const { w, config } = await offlineWorld();
    const dispatcher = createDispatcher({ adapters: [w.adapter], config, log, retry: { accountWaitMs: 80 } });
    const started = performance.now();
    const err = await dispatcher.send(`wechat:${w.room.id}`, part).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountOffline);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    // One wait, not one per retry.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(dispatcher.stats.transientFailures).toBe(0);
    await dispatcher.stop();
  });

  it("end with DispatcherStopped when the bot stops, leaving no wait behind", async () => {
    const { w, config } = await offlineWorld();
    const dispatcher = createDispatcher({ adapters: [w.adapter], config, log });
    const sends = [1, 2, 3].map(() => dispatcher.send(`wechat:${w.room.id}`, part).catch((e: unknown) => e));
    await dispatcher.stop();
    for (const e of await Promise.all(sends)) expect(e).toBeInstanceOf(DispatcherStopped);
    // Logging in afterwards sends nothing.
    const inbox = w.inbox(w.room);
    await w.login();
    await w.adapter.idle();
    expect(inbox.count).toBe(0);
  });

  it("hundreds of rooms waiting for one login add no listener to wechaty", async () => {
    const { w, config } = await offlineWorld();
    const dispatcher = createDispatcher({ adapters: [w.adapter], config, log });
    const emitter = w.wechaty as unknown as NodeJS.EventEmitter;
    const before = emitter.listenerCount("login");
    const warnings: Error[] = [];
    const onWarning = (e: Error) => warnings.push(e);
    process.on("warning", onWarning);
    try {
      const sends = Array.from({ length: 300 }, (_, i) =>
        dispatcher.send(`wechat:room${i}@chatroom`, part).catch((e: unknown) => e),
      );
      expect(emitter.listenerCount("login")).toBe(before);
      await dispatcher.stop();
      await Promise.all(sends);
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });
});

describe("a send that fails because the account went offline after its turn", () => {
  /** A stand-in account that logs out while its first send is under way (as a puppet restarting would). */
  function flakyAccount() {
    let ready = true;
    const waiters: Array<() => void> = [];
    let firstWait: () => void = () => {};
    const waited = new Promise<void>((r) => {
      firstWait = r;
    });
    const said: string[] = [];
    const adapter: PlatformAdapter & { isReady(): boolean; whenReady(s?: AbortSignal): Promise<void> } = {
      platform: "wechat",
      start: async () => {},
      stop: async () => {},
      render: () => [part],
      isReady: () => ready,
      whenReady: () => {
        if (ready) return Promise.resolve();
        firstWait();
        return new Promise<void>((r) => waiters.push(r));
      },
      async send(chatId): Promise<SendReceipt> {
        if (said.length === 0 && ready) {
          ready = false;
          said.push("(lost)");
          // What a logged-out puppet says about any room: it cannot find it.
          throw new ChatGone(`no WeChat room or contact with id ${chatId}`, 404);
        }
        said.push(chatId);
        return { messageId: String(said.length) };
      },
    };
    const login = () => {
      ready = true;
      for (const w of waiters.splice(0)) w();
    };
    return { adapter, said, login, waited };
  }

  it("is not held against the chat (not even 'no such room'): it waits for the login and goes then", async () => {
    const account = flakyAccount();
    const config = loadConfig({
      PAPERBOY_DATA_DIR: "/tmp/unused",
      WECHATY_PUPPET: "wechaty-puppet-mock",
      WECHAT_MIN_INTERVAL_MS: "0",
    });
    const dispatcher = createDispatcher({ adapters: [account.adapter], config, log });
    const sending = dispatcher.send("wechat:r1@chatroom", part);
    await account.waited;
    account.login();
    expect(await sending).toEqual({ messageId: "2" });
    expect(account.said).toEqual(["(lost)", "wechat:r1@chatroom"]);
    expect(dispatcher.stats.transientFailures).toBe(0);
    await dispatcher.stop();
  });
});

import { EventEmitter, once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { types, WechatyBuilder, log as wechatyLog } from "wechaty";
import type { WechatyInterface } from "wechaty/impls";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import type { InboundHandlers } from "../../../src/core/ports/index.ts";
import type { Logger } from "../../../src/log.ts";
import {
  createWechatAdapter,
  type WechatAdapter,
  type WechatAdapterOptions,
} from "../../../src/platforms/wechat/index.ts";

/**
 * A real wechaty on wechaty-puppet-mock, in process, with the WeChat adapter on top. The mocker plays
 * the people: their messages go in through the puppet exactly as a real puppet delivers them, and
 * what the bot says comes back out as mock messages, read here per room or contact.
 */

// wechaty's own console log (brolog) prints puppet internals (e.g. its own dirty-payload lookups) into the test output.
wechatyLog.level("silent");

export type ContactMock = InstanceType<mock.Mocker["ContactMock"]>;
export type RoomMock = InstanceType<mock.Mocker["RoomMock"]>;
type MessageMock = InstanceType<mock.Mocker["MessageMock"]>;

/** Log lines as objects, with an event per line so tests wait for a log entry instead of sleeping. */
export class LogTap extends EventEmitter {
  readonly lines: Record<string, unknown>[] = [];
  readonly logger: Logger;
  constructor() {
    super();
    const stream = new Writable({
      write: (chunk, _enc, done) => {
        for (const text of String(chunk).split("\n").filter(Boolean)) {
          const line = JSON.parse(text) as Record<string, unknown>;
          this.lines.push(line);
          this.emit("line", line);
        }
        done();
      },
    });
    this.logger = pino({ level: "debug" }, stream);
  }
  /** Resolves with the first line (already logged or still to come) that matches. */
  waitFor(
    match: (line: Record<string, unknown>) => boolean,
    what = "a log line",
  ): Promise<Record<string, unknown>> {
    const found = this.lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
      const onLine = (line: Record<string, unknown>) => {
        if (!match(line)) return;
        clearTimeout(timer);
        this.off("line", onLine);
        resolve(line);
      };
      this.on("line", onLine);
    });
  }
}

/** What the bot said in one conversation, in order, with a way to wait for the n-th message. */
export class Inbox {
  readonly texts: string[] = [];
  readonly files: unknown[] = [];
  /** When each message arrived (performance.now()), texts and files alike. */
  readonly times: number[] = [];
  private readonly events = new EventEmitter();
  constructor(conversation: EventEmitter, botId: string) {
    conversation.on("message", (m: MessageMock) => {
      if (m.payload.talkerId !== botId) return;
      this.times.push(performance.now());
      if (m.payload.type === types.Message.Text) this.texts.push(m.payload.text ?? "");
      else this.files.push(m.payload);
      this.events.emit("message");
    });
  }
  get count(): number {
    return this.texts.length + this.files.length;
  }
  /**
   * Resolves once the bot has said `n` messages here. One listener per wait, removed when the wait
   * ends either way (racing a fresh `once()` per message left the losing listener behind each time).
   */
  waitForCount(n: number, timeoutMs = 10_000): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onMessage = () => {
        if (this.count < n) return;
        clearTimeout(timer);
        this.events.off("message", onMessage);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off("message", onMessage);
        reject(
          new Error(`expected ${n} messages from the bot, got ${this.count}: ${JSON.stringify(this.texts)}`),
        );
      }, timeoutMs);
      this.events.on("message", onMessage);
    });
  }
  /** Listeners still waiting (tests of the harness itself). */
  get waiting(): number {
    return this.events.listenerCount("message");
  }
}

/** One message the bot said, wherever it said it. */
export interface Said {
  /** The raw id of the room or contact. */
  to: string;
  text: string;
  /** performance.now() when the mock puppet saw it. */
  at: number;
}

/** Everything the bot says in a set of conversations, in one ordered list (pacing and priority tests). */
export class Transcript {
  readonly said: Said[] = [];
  private readonly events = new EventEmitter();
  constructor(conversations: Array<RoomMock | ContactMock>, botId: string) {
    for (const c of conversations) {
      (c as unknown as EventEmitter).on("message", (m: MessageMock) => {
        if (m.payload.talkerId !== botId) return;
        this.said.push({ to: c.id, text: m.payload.text ?? "", at: performance.now() });
        this.events.emit("said");
      });
    }
  }
  to(id: string): Said[] {
    return this.said.filter((s) => s.to === id);
  }
  /** Resolves once `done(said)` holds (checked now and after every message); one listener, always removed. */
  until(done: (said: Said[]) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (done(this.said)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.said)) return;
        clearTimeout(timer);
        this.events.off("said", check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off("said", check);
        reject(new Error(`timed out waiting for ${what}; the bot said ${this.said.length} messages`));
      }, timeoutMs);
      this.events.on("said", check);
    });
  }
}

export interface MockWorld {
  mocker: mock.Mocker;
  puppet: PuppetMock;
  wechaty: WechatyInterface;
  bot: ContactMock;
  alice: ContactMock;
  bob: ContactMock;
  /** A room the bot is already in; alice owns it. */
  room: RoomMock;
  adapter: WechatAdapter;
  tap: LogTap;
  dataDir: string;
  inbox(conversation: RoomMock | ContactMock): Inbox;
  stop(): Promise<void>;
}

export const BOT_NAME = "老高小助手";

/**
 * Builds wechaty on the mock puppet with the adapter and a room, without starting anything: the caller
 * starts the adapter (directly or through the app), then calls `login()`.
 */
export function createMockWorld(adapterOptions: Partial<WechatAdapterOptions> = {}): MockWorld & {
  login(): Promise<void>;
} {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const wechaty = WechatyBuilder.build({ puppet });
  const tap = new LogTap();
  const dataDir = mkdtempSync(path.join(tmpdir(), "paperboy-wechat-"));
  const adapter = createWechatAdapter({
    wechaty,
    dataDir,
    acceptFriends: true,
    log: tap.logger,
    ...adapterOptions,
  });

  const bot = mocker.createContact({ name: BOT_NAME });
  const alice = mocker.createContact({ name: "Alice 跨境卖家" });
  const bob = mocker.createContact({ name: "Bob" });
  const room = mocker.createRoom({
    topic: "老高电商俱乐部 · 深圳",
    memberIdList: [bot.id, alice.id, bob.id],
    ownerId: alice.id,
  });

  return {
    mocker,
    puppet,
    wechaty,
    bot,
    alice,
    bob,
    room,
    adapter,
    tap,
    dataDir,
    inbox: (conversation) => new Inbox(conversation as unknown as EventEmitter, bot.id),
    async login() {
      const loggedIn = once(wechaty as unknown as EventEmitter, "login");
      mocker.login(bot);
      await loggedIn;
    },
    async stop() {
      await adapter.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A started world: the adapter runs with `makeHandlers`' handlers and the bot is logged in. */
export async function startMockWorld(
  makeHandlers: (adapter: WechatAdapter) => InboundHandlers,
  adapterOptions: Partial<WechatAdapterOptions> = {},
): Promise<MockWorld> {
  const world = createMockWorld(adapterOptions);
  await world.adapter.start(makeHandlers(world.adapter));
  await world.login();
  return world;
}

/** Sends replies through the adapter as the app does: render, then send each part in order. */
export async function sendAll(
  adapter: WechatAdapter,
  chatId: string,
  replies: Parameters<WechatAdapter["render"]>[0][],
) {
  for (const reply of replies) {
    for (const part of adapter.render(reply)) {
      try {
        await adapter.send(chatId, part);
      } catch (err) {
        // Like the app: a failed image is skipped, the text goes on.
        if (part.type !== "image") throw err;
      }
    }
  }
}

import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import pino from "pino";
import type { ChatEvent, InboundHandlers, Incoming, Reply } from "../../../src/core/ports/index.ts";
import type { Logger } from "../../../src/log.ts";
import {
  createTelegramAdapter,
  type TelegramAdapter,
  type TelegramAdapterOptions,
} from "../../../src/platforms/telegram/index.ts";
import {
  startTelegramApi,
  type TelegramApi,
  type TelegramApiOptions,
} from "../../support/telegram-api/server.ts";

/** Log lines kept as text and objects, so tests can check what was (not) logged and wait for a line. */
export class LogTap extends EventEmitter {
  readonly lines: Record<string, unknown>[] = [];
  raw = "";
  readonly logger: Logger;
  constructor() {
    super();
    const stream = new Writable({
      write: (chunk, _enc, done) => {
        this.raw += String(chunk);
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

  /** Resolves with the first line, logged already or still to come, that matches. */
  waitFor(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    const found = this.lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off("line", on);
        reject(new Error(`no matching log line within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (line: Record<string, unknown>) => {
        if (!match(line)) return;
        clearTimeout(timer);
        this.off("line", on);
        resolve(line);
      };
      this.on("line", on);
    });
  }
}

/** What the adapter handed to the app, with a way to wait for the next one. */
export class Inbound extends EventEmitter {
  readonly messages: Incoming[] = [];
  readonly events: ChatEvent[] = [];

  next<T>(list: "messages" | "events", match: (x: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    const found = (this[list] as T[]).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off(list, on);
        reject(new Error(`no ${list} arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (x: T) => {
        if (!match(x)) return;
        clearTimeout(timer);
        this.off(list, on);
        resolve(x);
      };
      this.on(list, on);
    });
  }
}

export interface Harness {
  api: TelegramApi;
  adapter: TelegramAdapter;
  inbound: Inbound;
  log: LogTap;
  stop(): Promise<void>;
}

/**
 * A stand-in Bot API and a started adapter. `respond` plays the app: its replies are rendered by the
 * adapter and sent through `adapter.send`, one part after another, as app.ts does.
 */
export async function startHarness(
  opts: {
    api?: TelegramApiOptions;
    adapter?: Partial<TelegramAdapterOptions>;
    respond?: (msg: Incoming) => Reply[];
    onEvent?: (e: ChatEvent) => Reply[];
  } = {},
): Promise<Harness> {
  const api = await startTelegramApi({ limits: false, ...opts.api });
  const log = new LogTap();
  const adapter = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: log.logger,
    ...opts.adapter,
  });
  const inbound = new Inbound();
  const sendAll = async (chatId: string, replies: Reply[]) => {
    for (const reply of replies) for (const part of adapter.render(reply)) await adapter.send(chatId, part);
  };
  const handlers: InboundHandlers = {
    async onMessage(msg) {
      inbound.messages.push(msg);
      inbound.emit("messages", msg);
      const replies = opts.respond?.(msg) ?? [];
      await sendAll(msg.chatId, replies);
      return replies;
    },
    async onChatEvent(e) {
      inbound.events.push(e);
      inbound.emit("events", e);
      const replies = opts.onEvent?.(e) ?? [];
      if (e.type === "added") await sendAll(e.chatId, replies);
      return replies;
    },
  };
  await adapter.start(handlers);
  return {
    api,
    adapter,
    inbound,
    log,
    async stop() {
      await adapter.stop();
      await api.stop();
    },
  };
}

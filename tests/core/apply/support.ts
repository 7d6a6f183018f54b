import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { type Config, loadConfig } from "../../../src/config.ts";
import {
  type Applications,
  createApplications,
  type Invites,
  InviteUnsupported,
} from "../../../src/core/apply/index.ts";
import type { ApplySettings } from "../../../src/core/apply/settings.ts";
import { createRouter } from "../../../src/core/index.ts";
import type { Block, Incoming, Reply } from "../../../src/core/ports/index.ts";
import { REDACT_PATHS } from "../../../src/log.ts";
import { platformDirectory } from "../../../src/platforms/registry.ts";
import { MemoryStore } from "../../../src/store/memory.ts";
import { openStore } from "../../../src/store/open.ts";
import type { Store } from "../../../src/store/store.ts";

export const ADMIN = "telegram:900";
export const ADMIN_CHAT = "telegram:-100900";
export const CLUB_TG = "telegram:-100123";
export const CLUB_WX = "wechat:R1@chatroom";

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    PAPERBOY_DATA_DIR: dataDir,
    PAPERBOY_ADMINS: ADMIN,
    PAPERBOY_ADMIN_CHAT: ADMIN_CHAT,
    PAPERBOY_CLUB_CHATS: `${CLUB_TG},${CLUB_WX}`,
    ...env,
  });
}

/** Everything a reply says, as one string (button texts and data included), for assertions. */
export function textOf(reply: Reply | undefined): string {
  if (!reply) return "";
  const blocks = reply.blocks.map((b: Block) => {
    switch (b.kind) {
      case "list":
        return b.items.join("\n");
      case "break":
      case "image":
        return "";
      default:
        return b.text;
    }
  });
  const buttons = (reply.buttons ?? [])
    .flat()
    .map((b) => ("url" in b ? `[${b.text}](${b.url})` : `[${b.text}|${b.data}]`));
  return [...blocks, ...buttons].join("\n");
}

export function allText(replies: Reply[] | undefined): string {
  return (replies ?? []).map(textOf).join("\n---\n");
}

/** The app's boundary: records what the module asked to send, to whom. */
export class RecordingOutbox {
  sent: { chatId: string; reply: Reply }[] = [];
  failFor = new Set<string>();
  async send(chatId: string, reply: Reply): Promise<void> {
    if (this.failFor.has(chatId)) throw new Error(`chat ${chatId} is gone`);
    this.sent.push({ chatId, reply });
  }
  to(chatId: string): Reply[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => s.reply);
  }
}

/** Invite capabilities that behave like the adapters will: one fresh link per call, rooms remembered. */
export class FakeInvites implements Invites {
  links: string[] = [];
  added: { club: string; user: string }[] = [];
  /** When set, every call fails with it (the bot is not an admin of the club group, say). */
  failWith: Error | undefined;
  async createInviteLink(club: string): Promise<string> {
    if (this.failWith) throw this.failWith;
    if (!club.startsWith("telegram:")) throw new InviteUnsupported("only Telegram has invite links");
    const link = `https://t.me/+invite${this.links.length + 1}`;
    this.links.push(link);
    return link;
  }
  async addToRoom(club: string, user: string): Promise<void> {
    if (!club.startsWith("wechat:")) throw new InviteUnsupported("only WeChat rooms can be joined directly");
    this.added.push({ club, user });
  }
}

/** A logger writing JSON lines into a string, to check what reaches the logs. */
export function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = pino({ level: "debug", redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, stream);
  return { log, text: () => lines.join("") };
}

export class Clock {
  constructor(public t = new Date("2026-03-01T10:00:00Z")) {}
  now = () => this.t;
  advance(minutes: number) {
    this.t = new Date(this.t.getTime() + minutes * 60_000);
  }
}

export interface Harness {
  store: Store;
  apps: Applications;
  outbox: RecordingOutbox;
  invites: FakeInvites;
  clock: Clock;
  config: Config;
  logs: () => string;
  /**
   * A message as the app hands it over: through the router, with the module as its interceptor and
   * its review (the review commands are registered commands).
   */
  send(msg: Incoming): Promise<Reply[]>;
  /** A new bot process over the same data: a fresh store handle and a fresh module. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export type StoreKind = "memory" | "file";

export async function harness(
  kind: StoreKind,
  opts: { env?: Record<string, string>; settings?: Partial<ApplySettings>; invites?: boolean } = {},
): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), "paperboy-apply-"));
  const dataDir = join(root, "data");
  const config = testConfig(dataDir, opts.env);
  const clock = new Clock();
  const outbox = new RecordingOutbox();
  const invites = new FakeInvites();
  const { log, text } = captureLogger();
  const open = async (): Promise<Store> =>
    kind === "memory" ? new MemoryStore(clock.now) : openStore(dataDir, { now: clock.now, log });
  const build = (store: Store) =>
    createApplications({
      store,
      config,
      platforms: platformDirectory,
      log,
      now: clock.now,
      outbox,
      invites: opts.invites === false ? undefined : invites,
      settings: opts.settings,
    });
  const h: Harness = {
    store: await open(),
    apps: undefined as unknown as Applications,
    outbox,
    invites,
    clock,
    config,
    logs: text,
    send: (msg) =>
      createRouter({
        store: h.store,
        config,
        log,
        platforms: platformDirectory,
        now: clock.now,
        interceptors: [h.apps],
        applications: h.apps,
      }).handle(msg),
    async restart() {
      // The memory store is the process's memory: a restart keeps it only for the file store.
      if (kind === "file") {
        await h.store.close();
        h.store = await open();
      }
      h.apps = build(h.store);
    },
    async close() {
      await h.store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  h.apps = build(h.store);
  return h;
}

let seq = 0;

/** A private message from `sender` on Telegram (or WeChat with `platform`). */
export function pm(text: string, sender = "telegram:42", extra: Partial<Incoming> = {}): Incoming {
  seq += 1;
  const platform = sender.startsWith("wechat:") ? "wechat" : "telegram";
  return {
    platform,
    chatId: sender,
    chatKind: "private",
    senderId: sender,
    senderName: `User ${seq}`,
    text,
    mentionsBot: true,
    ...extra,
  };
}

/** A message in a group chat. */
export function groupMsg(
  text: string,
  chatId: string,
  sender: string,
  extra: Partial<Incoming> = {},
): Incoming {
  const platform = sender.startsWith("wechat:") ? "wechat" : "telegram";
  return { platform, chatId, chatKind: "group", senderId: sender, text, mentionsBot: false, ...extra };
}

/** Answers for a complete application, in the order the questions come. */
export const ANSWERS = [
  "Sunny Socks 小店",
  "淘宝",
  "https://sunnysocks.taobao.com",
  "袜子",
  "王小明",
  "138-1234-5678",
];

/** Runs a whole dialogue up to the summary and returns the replies of each step. */
export async function fillIn(
  apps: Applications,
  sender = "telegram:42",
  answers = ANSWERS,
): Promise<Reply[][]> {
  const out: Reply[][] = [];
  out.push((await apps.handle(pm("/join", sender))) ?? []);
  for (const a of answers) out.push((await apps.handle(pm(a, sender))) ?? []);
  return out;
}

/** Applies and confirms; returns the application number the bot announced. */
export async function applyAndConfirm(
  apps: Applications,
  sender = "telegram:42",
  answers = ANSWERS,
): Promise<string> {
  await fillIn(apps, sender, answers);
  const done = allText(await apps.handle(pm("确认", sender)));
  const m = /#(\d+)/.exec(done);
  if (!m?.[1]) throw new Error(`no application number in: ${done}`);
  return m[1];
}

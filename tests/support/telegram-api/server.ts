/**
 * A local Telegram Bot API stand-in for tests and benchmarks. It speaks the API the way telegraf
 * calls it (`POST /bot<token>/<method>`, JSON or multipart), long-polls `getUpdates`, enforces the
 * flood limits, rejects what the real server rejects, and lets a test push updates, kick the bot,
 * migrate groups, inject faults, and wait for what the bot sent. Binds 127.0.0.1 on a free port.
 *
 *   const api = await startTelegramApi();
 *   const bot = new Telegraf(api.token, { telegram: { apiRoot: api.url } });
 *   api.pushUpdate(api.textMessage({ chat: -100123, text: "/today@" + api.botUsername }));
 *   const reply = await api.waitForSent((m) => m.chatId === -100123);
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MessageEntity } from "./html.ts";
import { DEFAULT_LIMITS, FloodControl, type RateLimits } from "./limits.ts";
import {
  ApiFailure,
  BotApiState,
  type Fault,
  type Payload,
  type SentMessage,
  type UploadedFile,
} from "./methods.ts";
import { readPayload } from "./payload.ts";
import { UpdateQueue } from "./update-queue.ts";
import {
  type ApiChat,
  type ApiUpdate,
  type ApiUser,
  buildCallbackQuery,
  buildMigration,
  buildMyChatMember,
  buildTextMessage,
  type CallbackQueryOpts,
  type ChatLike,
  type MemberStatus,
  type NewUpdate,
  type TextMessageOpts,
  toChat,
  type UserLike,
} from "./updates.ts";

export type { ApiChat, ApiUpdate, ApiUser, MessageEntity, RateLimits, SentMessage, UploadedFile };

export interface TelegramApiOptions {
  token?: string;
  botUsername?: string;
  botId?: number;
  /** Flood limits (defaults: Telegram's); `false` turns them off. */
  limits?: Partial<RateLimits> | false;
  /** Speeds the flood clock up: with 100 a "second" lasts 10 ms (retry_after is in those seconds). */
  scale?: number;
  /** The port on 127.0.0.1 (default: a free one), e.g. to come up where a bot is already retrying. */
  port?: number;
  /** The clock the flood windows use, in ms (inject one to test limits without waiting). */
  now?: () => number;
  /**
   * Share of send calls (0..1) answered 500/502 at random, as the real API does now and then
   * (benchmarks inject 3%). A failed call takes no flood budget, as on the real server.
   */
  serverErrorRate?: number;
  /** The generator behind `serverErrorRate` (seed it to replay a run). */
  random?: () => number;
}

/** Everything that happens, in order; `waitFor` resolves on these. */
export type ApiEvent =
  | { kind: "sent"; sent: SentMessage }
  | {
      kind: "call";
      method: string;
      ok: boolean;
      errorCode?: number;
      description?: string;
      chatId?: unknown;
      payload: Payload;
    }
  /** The bot confirmed (by a later getUpdates offset or a 2xx webhook answer) that it handled an update. */
  | { kind: "confirmed"; updateId: number }
  /** A getUpdates call arrived (benchmarks time a bot's start to its first poll). */
  | { kind: "poll" };

export interface ApiStats {
  calls: number;
  accepted: Record<string, number>;
  messages: number;
  tooManyRequests: number;
  forbidden: number;
  badRequest: number;
  serverErrors: number;
}

export interface TelegramApi {
  /** API root for telegraf's `telegram.apiRoot` / `TELEGRAM_API_ROOT`. */
  readonly url: string;
  readonly token: string;
  readonly botUsername: string;
  readonly bot: ApiUser;
  /** Every accepted outgoing message, in order. */
  readonly sent: readonly SentMessage[];
  sentTo(chatId: number | string): readonly SentMessage[];
  /** The update as queued (with its update_id). */
  pushUpdate(update: NewUpdate): ApiUpdate;
  textMessage(opts: TextMessageOpts): NewUpdate;
  callbackQuery(opts: CallbackQueryOpts): NewUpdate;
  myChatMember(opts: {
    chat: ChatLike;
    from?: UserLike;
    status: MemberStatus;
    oldStatus?: MemberStatus;
  }): NewUpdate;
  migrationUpdates(oldId: number, newId: number, title?: string): NewUpdate[];
  /** The bot is removed from a chat: sends there answer 403; pushes the my_chat_member update unless `notify: false`. */
  kick(chatId: number, opts?: { notify?: boolean; by?: UserLike }): void;
  /** A user blocks the bot: sends answer 403 `bot was blocked by the user`. */
  block(userId: number, opts?: { notify?: boolean }): void;
  /** A group becomes a supergroup: sends to the old id answer 400 with migrate_to_chat_id; pushes both service messages unless `notify: false`. */
  migrate(oldId: number, newId: number, opts?: { notify?: boolean }): void;
  setMember(chatId: number, userId: number, status: MemberStatus): void;
  /** Photo URLs that fail as if Telegram could not download them. */
  breakPhotoUrl(url: string): void;
  /** The next n calls (of `method`, default any but getUpdates) fail with this code. */
  failNext(n: number, fault: Omit<Fault, "remaining">): void;
  setLimits(limits: Partial<RateLimits> | false, scale?: number): void;
  /** Commands set by setMyCommands for a scope type (`chat:900` for one chat's) and language ("" = default). */
  commands(languageCode?: string, scope?: string): unknown[];
  /** Calls `listener` on every later event (benchmarks counting sends); returns the unsubscribe. */
  onEvent(listener: (e: ApiEvent) => void): () => void;
  /** The number of events so far: pass it as `since` to wait only for later ones. */
  mark(): number;
  waitFor(predicate: (e: ApiEvent) => boolean, timeoutMs?: number, since?: number): Promise<ApiEvent>;
  waitForSent(
    predicate: (m: SentMessage) => boolean,
    timeoutMs?: number,
    since?: number,
  ): Promise<SentMessage>;
  /** Resolves once the bot's long poll is parked here, waiting for an update (benchmarks ask an idle bot). */
  whenPolling(): Promise<void>;
  /** Resolves once the bot has confirmed this update (it finished handling it). */
  waitForConfirmed(updateId: number, timeoutMs?: number): Promise<void>;
  stats(): ApiStats;
  readonly events: readonly ApiEvent[];
  stop(): Promise<void>;
}

export async function startTelegramApi(opts: TelegramApiOptions = {}): Promise<TelegramApi> {
  const token = opts.token ?? "123456789:TEST-stand-in-token_abcdefghijklmnop";
  const bot: ApiUser = {
    id: opts.botId ?? (Number(token.split(":")[0]) || 123456789),
    is_bot: true,
    first_name: "Paperboy",
    username: opts.botUsername ?? "paperboy_test_bot",
  };
  const now = opts.now ?? (() => performance.now());
  let flood: FloodControl | undefined;
  const setLimits = (limits: Partial<RateLimits> | false, scale = opts.scale ?? 1) => {
    flood = limits === false ? undefined : new FloodControl({ ...DEFAULT_LIMITS, ...limits }, scale);
  };
  setLimits(opts.limits ?? {}, opts.scale);

  const sent: SentMessage[] = [];
  const byChat = new Map<string, SentMessage[]>();
  const events: ApiEvent[] = [];
  const listeners = new Set<(e: ApiEvent) => void>();
  const emit = (e: ApiEvent) => {
    events.push(e);
    for (const l of listeners) l(e);
  };
  const stats: ApiStats = {
    calls: 0,
    accepted: {},
    messages: 0,
    tooManyRequests: 0,
    forbidden: 0,
    badRequest: 0,
    serverErrors: 0,
  };

  const state = new BotApiState({
    bot,
    now,
    flood: () => flood,
    onSent: (m) => {
      sent.push(m);
      const key = String(m.chatId);
      let list = byChat.get(key);
      if (!list) {
        list = [];
        byChat.set(key, list);
      }
      list.push(m);
      stats.messages++;
      emit({ kind: "sent", sent: m });
    },
  });

  const faults: Fault[] = [];
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const updates = new UpdateQueue(reply, (updateId) => emit({ kind: "confirmed", updateId }));

  const pushUpdate = (update: NewUpdate): ApiUpdate => {
    const msg = (update.message ?? update.channel_post) as { chat?: ApiChat } | undefined;
    const chat = msg?.chat ?? (update.my_chat_member as { chat?: ApiChat } | undefined)?.chat;
    if (chat) state.learnChat(chat);
    return updates.push(update);
  };

  const simple: Record<string, (p: Payload, files: Map<string, UploadedFile>) => unknown> = {
    getme: () => bot,
    sendmessage: (p) => state.sendMessage(p),
    sendphoto: (p) => state.sendPhoto(p),
    sendmediagroup: (p, files) => state.sendMediaGroup(p, files),
    editmessagetext: (p) => state.editMessageText(p),
    editmessagecaption: (p) => state.editMessageCaption(p),
    answercallbackquery: (p) => state.answerCallbackQuery(p),
    setmycommands: (p) => state.setMyCommands(p),
    getmycommands: (p) => state.getMyCommands(p),
    deletemycommands: (p) => state.commands.delete(String(p.language_code ?? "")) || true,
    getchat: (p) => state.getChat(p),
    getchatmember: (p) => state.getChatMember(p),
    createchatinvitelink: (p) => state.createChatInviteLink(p),
    sendchataction: (p) => state.sendChatAction(p),
    deletewebhook: (p) => updates.deleteWebhook(p),
    setwebhook: (p) => updates.setWebhook(p),
    getwebhookinfo: () => updates.webhookInfo(),
  };

  const random = opts.random ?? Math.random;
  const sendMethods = new Set(["sendmessage", "sendphoto", "sendmediagroup", "senddocument"]);
  const takeFault = (method: string): Fault | undefined => {
    if (opts.serverErrorRate && sendMethods.has(method) && random() < opts.serverErrorRate) {
      return { code: random() < 0.5 ? 500 : 502, remaining: 1 };
    }
    const f = faults[0];
    if (!f) return undefined;
    if (f.method ? f.method.toLowerCase() !== method : method === "getupdates") return undefined;
    if (--f.remaining <= 0) faults.shift();
    return f;
  };

  const fail = (res: ServerResponse, method: string, payload: Payload, e: ApiFailure) => {
    if (e.code === 429) stats.tooManyRequests++;
    else if (e.code === 403) stats.forbidden++;
    else if (e.code === 400) stats.badRequest++;
    else if (e.code >= 500) stats.serverErrors++;
    emit({
      kind: "call",
      method,
      ok: false,
      errorCode: e.code,
      description: e.description,
      chatId: payload.chat_id,
      payload,
    });
    const body: Record<string, unknown> = { ok: false, error_code: e.code, description: e.description };
    if (e.parameters) body.parameters = e.parameters;
    reply(res, e.code, body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (m[1] !== token) return reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = (m[2] as string).toLowerCase();
    let payload: Payload = {};
    try {
      const read = await readPayload(req, url);
      payload = read.payload;
      stats.calls++;
      const fault = takeFault(method);
      if (fault) {
        if (fault.code === "reset") {
          req.socket.destroy();
          return;
        }
        const description =
          fault.description ??
          (fault.code === 429
            ? `Too Many Requests: retry after ${fault.retryAfter ?? 1}`
            : fault.code === 502
              ? "Bad Gateway"
              : "Internal Server Error");
        throw new ApiFailure(
          fault.code,
          description,
          fault.code === 429 ? { retry_after: fault.retryAfter ?? 1 } : undefined,
        );
      }
      if (method === "getupdates") {
        emit({ kind: "poll" });
        return updates.getUpdates(payload, res);
      }
      const fn = simple[method];
      if (!fn) throw new ApiFailure(404, "Not Found: method not found");
      const result = fn(payload, read.files);
      stats.accepted[m[2] as string] = (stats.accepted[m[2] as string] ?? 0) + 1;
      emit({ kind: "call", method: m[2] as string, ok: true, chatId: payload.chat_id, payload });
      reply(res, 200, { ok: true, result });
    } catch (e) {
      if (e instanceof ApiFailure) return fail(res, m[2] as string, payload, e);
      stats.serverErrors++;
      reply(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(e)}` });
    }
  };

  const server = createServer({ keepAlive: true }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = (predicate: (e: ApiEvent) => boolean, timeoutMs = 5000, since = 0): Promise<ApiEvent> => {
    for (let i = since; i < events.length; i++) {
      const e = events[i] as ApiEvent;
      if (predicate(e)) return Promise.resolve(e);
    }
    return new Promise((resolve, reject) => {
      const listener = (e: ApiEvent) => {
        if (!predicate(e)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(e);
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        const recent = events
          .slice(-5)
          .map((e) => (e.kind === "call" ? `${e.method} ${e.ok ? "ok" : e.description}` : e.kind));
        reject(
          new Error(
            `telegram stand-in: waitFor timed out after ${timeoutMs} ms; last events: ${recent.join(" | ")}`,
          ),
        );
      }, timeoutMs);
      listeners.add(listener);
    });
  };

  const api: TelegramApi = {
    url: `http://127.0.0.1:${port}`,
    token,
    botUsername: bot.username as string,
    bot,
    sent,
    sentTo: (chatId) => byChat.get(String(chatId)) ?? [],
    events,
    pushUpdate,
    textMessage: (o) => buildTextMessage(o),
    callbackQuery: (o) => buildCallbackQuery(o),
    myChatMember: (o) => buildMyChatMember({ ...o, bot }),
    migrationUpdates: (oldId, newId, title) => buildMigration(oldId, newId, title),
    kick(chatId, o = {}) {
      const s = state.chat(chatId);
      s.gone =
        s.chat.type === "private"
          ? "bot was blocked by the user"
          : `bot was kicked from the ${s.chat.type === "supergroup" ? "supergroup" : "group"} chat`;
      if (s.chat.type === "channel") s.gone = "bot is not a member of the channel chat";
      if (o.notify !== false)
        pushUpdate(
          buildMyChatMember({ chat: s.chat, from: o.by, bot, status: "kicked", oldStatus: "member" }),
        );
    },
    block(userId, o = {}) {
      const s = state.chat(userId);
      s.gone = "bot was blocked by the user";
      if (o.notify !== false)
        pushUpdate(
          buildMyChatMember({ chat: s.chat, from: userId, bot, status: "kicked", oldStatus: "member" }),
        );
    },
    migrate(oldId, newId, o = {}) {
      const old = state.chat(oldId);
      old.migratedTo = newId;
      state.learnChat({ ...toChat(newId), title: old.chat.title ?? `Group ${newId}`, type: "supergroup" });
      if (o.notify !== false) for (const u of buildMigration(oldId, newId, old.chat.title)) pushUpdate(u);
    },
    setMember: (chatId, userId, status) => void state.chat(chatId).members.set(userId, status),
    breakPhotoUrl: (url) => void state.brokenUrls.add(url),
    failNext: (n, fault) => void faults.push({ ...fault, remaining: n }),
    setLimits,
    commands: (languageCode = "", scope = "default") => state.commands.get(`${scope}|${languageCode}`) ?? [],
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    mark: () => events.length,
    waitFor,
    async waitForSent(predicate, timeoutMs, since) {
      const e = await waitFor((ev) => ev.kind === "sent" && predicate(ev.sent), timeoutMs, since);
      return (e as { sent: SentMessage }).sent;
    },
    whenPolling: () => updates.whenParked(),
    async waitForConfirmed(updateId, timeoutMs) {
      await waitFor((e) => e.kind === "confirmed" && e.updateId === updateId, timeoutMs);
    },
    stats: () => ({ ...stats, accepted: { ...stats.accepted } }),
    async stop() {
      updates.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

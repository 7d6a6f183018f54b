import type {
  ContactInterface,
  FriendshipInterface,
  MessageInterface,
  RoomInterface,
  RoomInvitationInterface,
  WechatyInterface,
} from "wechaty/impls";
import { KeyedQueue } from "../../core/keyed-queue.ts";
import type {
  ChatEvent,
  InboundHandlers,
  Incoming,
  OutPart,
  PlatformAdapter,
  Reply,
  SendReceipt,
  SessionKeeper,
} from "../../core/ports/index.ts";
import { ChatGone, PermanentError, SendError } from "../../core/ports/index.ts";
import { parseChatId } from "../../domain/chat.ts";
import { type ImagePolicy, imagePolicy } from "../../images/index.ts";
import type { Logger } from "../../log.ts";
import { WechatBot } from "./bot.ts";
import {
  currentUserId,
  type DecodeContext,
  decodeMessage,
  decodeRoomJoin,
  decodeRoomLeave,
  decodeRoomTopic,
  wechatChatId,
} from "./decode.ts";
import { wechatLimits } from "./descriptor.ts";
import { type ConversationKind, fitToLimit, sendPart } from "./encode.ts";
import { errorText, mapPuppetError } from "./errors.ts";
import { handleFriendship, RecentlyGreeted } from "./friends.ts";
import { LoginGate } from "./login-gate.ts";
import { WECHAT_TEXT_LIMIT } from "./render.ts";
import { listKnownRooms } from "./rooms.ts";

export interface WechatAdapterOptions {
  /** A puppet package name; when absent wechaty's WECHATY_PUPPET* variables choose (the usual case). */
  puppet?: string;
  puppetOptions?: Record<string, unknown>;
  /** A ready-made wechaty (tests inject one built on wechaty-puppet-mock). */
  wechaty?: WechatyInterface;
  /** PAPERBOY_DATA_DIR: wechaty's memory card lives here (file store); relative image paths may resolve here. */
  dataDir: string;
  /** Where the login session is kept when the store is a database (then nothing is written under dataDir). */
  sessions?: SessionKeeper;
  /** PAPERBOY_IMAGE_BASE_URL: where relative image paths (`/upload/img/…`) are fetched from. */
  imageBaseUrl?: string;
  /** Where images may come from (src/images); built from imageBaseUrl and `<dataDir>/images` when absent. */
  images?: ImagePolicy;
  /** WECHAT_MIN_INTERVAL_MS, for the delivery layer's per-account pacer (this adapter does not pace). */
  minIntervalMs?: number;
  acceptFriends: boolean;
  friendKeyword?: string;
  log: Logger;
  /** Turns a reply into WeChat text parts (the WeChat renderer by default); each part is kept ≤ 2000 characters. */
  renderer?: (reply: Reply) => OutPart[];
  /** Where the login QR code is drawn (stderr by default). */
  qrOut?: NodeJS.WritableStream;
  /** Messages stamped this long before the start still count as new (puppets stamp in whole seconds). */
  startGraceMs?: number;
  /** On stop, how long answers already being handled may take to finish before wechaty goes down. */
  drainMs?: number;
  reconnect?: { minDelayMs: number; maxDelayMs: number };
}

export interface WechatAdapter extends PlatformAdapter {
  readonly platform: "wechat";
  /** The wechaty instance (for tools and tests: which account, the mock's mocker). */
  readonly wechaty: WechatyInterface;
  /** Resolves once every inbound update received so far has been handled (tests wait on it). */
  idle(): Promise<void>;
  /** True while the account is logged in (a send can go now). */
  isReady(): boolean;
  /**
   * Resolves once the account is logged in (at once when it is): the delivery layer waits here
   * instead of spending a message's retries while WeChat waits for a QR scan or a reconnect.
   * Rejects with the signal's reason when it aborts.
   */
  whenReady(signal?: AbortSignal): Promise<void>;
}

/** How many message ids are remembered to drop duplicates a puppet re-delivers after a reconnect. */
const SEEN_IDS = 2000;

/**
 * The WeChat platform on wechaty (any puppet). Inbound: text messages, the bot added to / removed
 * from rooms, room renames and friend requests are handed to the core, one at a time per chat so
 * answers keep their order. Outbound: `send` says one part in a room or private chat and throws the
 * typed errors of delivery/errors.ts; it does not pace or retry (the delivery layer does both).
 */
export function createWechatAdapterWith(
  opts: WechatAdapterOptions & { renderer: (reply: Reply) => OutPart[] },
): WechatAdapter {
  const log = opts.log;
  const images =
    opts.images ??
    imagePolicy({ imageBaseUrl: opts.imageBaseUrl, imageDir: `${opts.dataDir}/images`, imageHosts: [] });
  // wechaty's isLoggedIn getter emits `error` when the puppet is not up yet: ask only while running.
  // A lost puppet connection counts as offline too, though wechaty may still say "logged in".
  const gate: LoginGate = new LoginGate(() => {
    if (!running || bot.connectionLost) return false;
    try {
      return wechaty.isLoggedIn;
    } catch {
      return false;
    }
  });
  const bot = new WechatBot({
    onRestored: () => gate.open(),
    puppet: opts.puppet,
    puppetOptions: opts.puppetOptions,
    wechaty: opts.wechaty,
    dataDir: opts.dataDir,
    sessions: opts.sessions,
    log,
    qrOut: opts.qrOut,
    reconnect: opts.reconnect,
  });
  const wechaty = bot.wechaty;
  const kinds = new Map<string, ConversationKind>();
  const seen = new Set<string>();
  const chains = new KeyedQueue();
  const greeted = new RecentlyGreeted();
  let localIds = 0;
  let handlers: InboundHandlers | undefined;
  let stopping = false;
  let running = false;
  const ctx: DecodeContext = {
    startedAt: Date.now(),
    graceMs: opts.startGraceMs ?? 3000,
    selfId: () => currentUserId(wechaty),
  };

  /** Runs inbound work for one chat after the previous work for that chat, and never throws. */
  function enqueue(key: string, what: string, work: () => Promise<void>): void {
    // Once stopping, nothing new starts: the answers under way are let finish, then wechaty stops.
    if (stopping) return;
    chains
      .run(key, work)
      .catch((err: unknown) => log.error({ err: errorText(err), what }, "wechat: handling an update failed"));
  }

  function firstTime(id: string): boolean {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > SEEN_IDS) {
      const oldest = seen.values().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
    return true;
  }

  async function deliverEvent(event: ChatEvent | undefined): Promise<void> {
    if (!event || !handlers) return;
    log.info(
      { type: event.type, chatId: "chatId" in event ? event.chatId : event.toChatId },
      "wechat: room event",
    );
    await handlers.onChatEvent(event);
  }

  function onMessage(msg: MessageInterface): void {
    if (!firstTime(msg.id)) return;
    let key = "unknown";
    try {
      key = msg.room()?.id ?? msg.talker().id;
    } catch {
      // A message without a readable talker is dropped by decode below.
    }
    enqueue(key, "message", async () => {
      const decoded = await decodeMessage(msg, ctx);
      if (!decoded.ok) {
        log.debug({ reason: decoded.reason }, "wechat: message ignored");
        return;
      }
      const incoming: Incoming = decoded.incoming;
      const raw = incoming.chatId.slice("wechat:".length);
      kinds.set(raw, decoded.roomId ? "room" : "contact");
      await handlers?.onMessage(incoming);
    });
  }

  function onRoomJoin(
    room: RoomInterface,
    invitees: ContactInterface[],
    _inviter: unknown,
    date: Date,
  ): void {
    enqueue(room.id, "room-join", async () => {
      const event = await decodeRoomJoin(room, invitees, date, ctx);
      if (event) kinds.set(room.id, "room");
      await deliverEvent(event);
    });
  }

  function onRoomLeave(room: RoomInterface, leavers: ContactInterface[]): void {
    enqueue(room.id, "room-leave", async () => deliverEvent(decodeRoomLeave(room, leavers, ctx)));
  }

  function onRoomTopic(room: RoomInterface, newTopic: string): void {
    enqueue(room.id, "room-topic", async () => deliverEvent(decodeRoomTopic(room, newTopic)));
  }

  /**
   * WeChat asks for confirmation before joining a big room (40+ members): the bot accepts, like a
   * member adding it to a small room. The `room-join` that follows subscribes and welcomes the room.
   */
  function onRoomInvite(invitation: RoomInvitationInterface): void {
    enqueue(`invite:${invitation.id}`, "room-invite", async () => {
      // wechaty reports a failed accept as an error event rather than a rejection.
      await invitation.accept();
      log.info("wechat: room invitation accepted");
    });
  }

  /** The greeting is the core's own help, asked for on the new friend's behalf, so it speaks the bot's language. */
  async function greet(contactId: string): Promise<void> {
    kinds.set(contactId, "contact");
    const chatId = wechatChatId(contactId);
    await handlers?.onMessage({
      platform: "wechat",
      chatId,
      chatKind: "private",
      senderId: chatId,
      text: "/help",
      mentionsBot: true,
    });
  }

  function onFriendship(friendship: FriendshipInterface): void {
    let key = "friendship";
    try {
      key = friendship.contact().id;
    } catch {
      // handled below
    }
    enqueue(key, "friendship", async () => {
      const outcome = await handleFriendship(friendship, opts, greet, greeted, log);
      log.debug({ outcome }, "wechat: friendship handled");
    });
  }

  return {
    platform: "wechat",
    wechaty,
    limits: wechatLimits(opts.minIntervalMs),

    async start(h: InboundHandlers): Promise<void> {
      handlers = h;
      stopping = false;
      running = true;
      ctx.startedAt = Date.now();
      bot.on("message", onMessage);
      bot.on("room-join", onRoomJoin);
      bot.on("room-leave", onRoomLeave);
      bot.on("room-topic", onRoomTopic);
      bot.on("friendship", onFriendship);
      bot.on("room-invite", onRoomInvite);
      bot.on("login", () => {
        gate.open();
        // Rooms joined before the first start sent no room-join: list them as known, unsubscribed.
        enqueue("room-list", "room-list", async () => {
          const rooms = await listKnownRooms(wechaty);
          for (const event of rooms) {
            kinds.set(parseChatId(event.chatId).raw, "room");
            // One summary line below instead of a "room event" line per room.
            await handlers?.onChatEvent(event);
          }
          log.info({ rooms: rooms.length }, "wechat: rooms listed");
        });
      });
      await bot.start();
    },

    async stop(): Promise<void> {
      if (!running) return;
      running = false;
      stopping = true;
      // Answers being sent finish while the puppet is still up (stopping it first would make them
      // fail and be retried against a dead connection); a stuck one does not hold the stop forever.
      await chains.drain(opts.drainMs ?? 5000);
      await bot.stop();
      handlers = undefined;
    },

    render(reply: Reply): OutPart[] {
      return fitToLimit(opts.renderer(reply), WECHAT_TEXT_LIMIT);
    },

    send(chatId: string, part: OutPart): Promise<SendReceipt> {
      return sendPart(
        {
          wechaty,
          images,
          log,
          kindOf: (raw) => kinds.get(raw),
          remember: (raw, kind) => kinds.set(raw, kind),
          nextLocalId: () => `local-${Date.now()}-${++localIds}`,
        },
        chatId,
        part,
      );
    },

    async addToRoom(roomChatId: string, userChatId: string): Promise<void> {
      const room = parseChatId(roomChatId);
      const user = parseChatId(userChatId);
      if (room.platform !== "wechat" || user.platform !== "wechat") {
        throw new PermanentError(`not a WeChat room and contact: ${roomChatId}, ${userChatId}`);
      }
      try {
        const found = await wechaty.Room.find({ id: room.raw });
        const contact = await wechaty.Contact.find({ id: user.raw });
        if (!found) throw new ChatGone(`no WeChat room with id ${room.raw}`, 404);
        if (!contact) throw new PermanentError(`no WeChat contact with id ${user.raw}`);
        await found.add(contact);
      } catch (err) {
        throw err instanceof SendError ? err : mapPuppetError(err);
      }
    },

    async idle(): Promise<void> {
      await chains.idle();
    },

    isReady: () => gate.isOpen(),
    whenReady: (signal) => gate.wait(signal),
  };
}

/**
 * A local stand-in of the WeCom (企业微信) group robot webhook for tests. It speaks
 * `POST /cgi-bin/webhook/send?key=KEY` as the official API documents it, and enforces what the real
 * one enforces: known keys only (93000), text ≤ 2048 and markdown ≤ 4096 UTF-8 bytes, images as
 * base64 + a matching md5, ≤ 2 MB, jpg or png, and 20 messages per minute per robot (45009).
 * Binds 127.0.0.1 on a free port. A test may inject `errcode`s and wait for what a robot received.
 *
 *   const api = await startWecomApi({ keys: ["k-ops-0001"] });
 *   // WECOM_API_ROOT=api.url WECOM_WEBHOOK_KEYS=运营群:k-ops-0001
 *   const [msg] = await api.waitForMessages("k-ops-0001", 1);
 */
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedMessage {
  key: string;
  msgtype: "text" | "markdown" | "image";
  /** Text or markdown content; for an image, its md5. */
  content: string;
  /** Decoded image bytes. */
  image?: Buffer;
  at: number;
}

export interface WecomApiOptions {
  /** Keys that belong to a robot; any other gets 93000. */
  keys: string[];
  /** Messages per window per robot (20 per 60 s, as documented). */
  perWindow?: number;
  windowMs?: number;
}

export interface WecomApi {
  url: string;
  /** Everything accepted, in order. */
  readonly received: ReceivedMessage[];
  /** Requests refused, with their errcode (45009, 93000, 40058 …). */
  readonly refused: { key: string; errcode: number }[];
  /** Every request's full URL path and query as sent (to check that keys stay out of other places). */
  readonly requests: string[];
  /** The next `times` requests for this key are answered with `errcode`. */
  failNext(key: string, errcode: number, times?: number): void;
  /** Turns a key invalid from now on (the group removed its robot). */
  revoke(key: string): void;
  messagesFor(key: string): ReceivedMessage[];
  waitForMessages(key: string, count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  0: "ok",
  45009: "api freq out of limit",
  93000: "invalid webhook url",
  40008: "invalid message type",
  40058: "content exceed max length",
  40009: "invalid image size",
  301019: "media md5 not match",
  40035: "invalid parameter",
  [-1]: "system busy",
};

export async function startWecomApi(opts: WecomApiOptions): Promise<WecomApi> {
  const valid = new Set(opts.keys);
  const perWindow = opts.perWindow ?? 20;
  const windowMs = opts.windowMs ?? 60_000;
  const sentAt = new Map<string, number[]>();
  const faults = new Map<string, { errcode: number; times: number }>();
  const received: ReceivedMessage[] = [];
  const refused: { key: string; errcode: number }[] = [];
  const requests: string[] = [];
  const events = new EventEmitter();

  function answer(res: ServerResponse, errcode: number, key = ""): void {
    if (errcode !== 0) refused.push({ key, errcode });
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
    res.end(JSON.stringify({ errcode, errmsg: ERRMSG[errcode] ?? "error" }));
  }

  /** What the real webhook checks, in its order: the key, the rate, then the message. */
  function handle(key: string, body: unknown): { errcode: number; message?: ReceivedMessage } {
    if (!valid.has(key)) return { errcode: 93000 };
    const fault = faults.get(key);
    if (fault && fault.times > 0) {
      fault.times -= 1;
      return { errcode: fault.errcode };
    }
    const now = Date.now();
    const recent = (sentAt.get(key) ?? []).filter((t) => now - t < windowMs);
    sentAt.set(key, recent);
    if (recent.length >= perWindow) return { errcode: 45009 };
    const b = body as Record<string, Record<string, unknown> | string | undefined>;
    const type = b?.msgtype;
    let message: ReceivedMessage;
    if (type === "text" || type === "markdown") {
      const content = (b[type] as { content?: unknown } | undefined)?.content;
      if (typeof content !== "string" || content.length === 0) return { errcode: 40035 };
      if (Buffer.byteLength(content, "utf8") > (type === "text" ? 2048 : 4096)) return { errcode: 40058 };
      message = { key, msgtype: type, content, at: now };
    } else if (type === "image") {
      const img = b.image as { base64?: unknown; md5?: unknown } | undefined;
      if (typeof img?.base64 !== "string" || typeof img.md5 !== "string") return { errcode: 40035 };
      const data = Buffer.from(img.base64, "base64");
      if (data.length === 0 || data.length > 2 * 1024 * 1024) return { errcode: 40009 };
      const jpeg = data[0] === 0xff && data[1] === 0xd8;
      const png = data[0] === 0x89 && data.subarray(1, 4).toString("latin1") === "PNG";
      if (!jpeg && !png) return { errcode: 40009 };
      if (createHash("md5").update(data).digest("hex") !== img.md5) return { errcode: 301019 };
      message = { key, msgtype: "image", content: img.md5, image: data, at: now };
    } else {
      return { errcode: 40008 };
    }
    recent.push(now);
    return { errcode: 0, message };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${url.pathname}${url.search}`);
    if (req.method !== "POST" || url.pathname !== "/cgi-bin/webhook/send") {
      res.writeHead(404);
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const key = url.searchParams.get("key") ?? "";
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        answer(res, 40035, key);
        return;
      }
      const { errcode, message } = handle(key, body);
      if (message) {
        received.push(message);
        events.emit("message", message);
      }
      answer(res, errcode, key);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const messagesFor = (key: string) => received.filter((m) => m.key === key);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    refused,
    requests,
    failNext(key, errcode, times = 1) {
      faults.set(key, { errcode, times });
    },
    revoke(key) {
      valid.delete(key);
    },
    messagesFor,
    waitForMessages(key, count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const mine = messagesFor(key);
          if (mine.length < count) return false;
          clearTimeout(timer);
          events.off("message", check);
          resolve(mine.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => {
          events.off("message", check);
          reject(new Error(`robot ${key.slice(0, 4)}… got ${messagesFor(key).length} of ${count} messages`));
        }, timeoutMs);
        if (!check()) events.on("message", check);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

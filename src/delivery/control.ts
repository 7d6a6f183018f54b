import { createHash } from "node:crypto";
import { chmod, unlink } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Logger } from "../log.ts";

/**
 * A local control channel: the CLI (`paperboy push`) asks the running bot to push through a Unix
 * socket in the data dir, so there is never a second connection to a platform. One JSON line in,
 * JSON lines out: the answer, then (when asked to follow) progress lines and the final report.
 */
export const SOCKET_NAME = "paperboy.sock";

/** Unix socket paths longer than this are cut short by the OS (sun_path is 108 bytes with the NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * `<dataDir>/paperboy.sock`; when that path is too long for a Unix socket (the kernel would cut it
 * short and the socket would silently appear elsewhere), a socket in the temp folder named by a hash
 * of the data dir, which the CLI computes the same way.
 */
export function socketPath(dataDir: string): string {
  const p = path.join(path.resolve(dataDir), SOCKET_NAME);
  if (Buffer.byteLength(p) <= MAX_SOCKET_PATH) return p;
  const hash = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 20);
  return path.join(tmpdir(), `paperboy-${hash}.sock`);
}

/** How long a control connection may stay silent before it is closed. */
export const CONTROL_IDLE_MS = 30_000;
/** Connections served at once; more are refused by the server. */
export const CONTROL_MAX_CONNECTIONS = 16;

export interface PushRequest {
  date?: string;
  requestedBy?: string;
  force?: boolean;
}

export interface PushAnswer {
  started: boolean;
  message: string;
}

export interface ControlProgress {
  done: number;
  total: number;
}

/** How a followed push ended: its one-line summary and its message counts. */
export interface PushOutcome {
  summary: string;
  messages: { sent: number; failed: number; skipped: number; pending: number };
}

export interface ControlHandlers {
  push(req: PushRequest): Promise<PushAnswer>;
  /** The running push's progress, if one runs. */
  progress(): ControlProgress | undefined;
  /** Resolves with the running push's outcome when it ends (undefined if it died). */
  whenIdle(): Promise<PushOutcome | undefined>;
  /** A one-time sign-in link to the editor's desk (`paperboy desk-link`), for `as` or the first admin. */
  deskLink?(req: DeskLinkRequest): Promise<DeskLinkAnswer>;
}

export interface DeskLinkRequest {
  as?: string;
}

export type DeskLinkAnswer = { url: string; admin: string } | { error: string };

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

export class BotAlreadyRunning extends Error {
  constructor(readonly socket: string) {
    super(`another paperboy is already running with this data dir (${socket})`);
    this.name = "BotAlreadyRunning";
  }
}

type Message = {
  op?: unknown;
  date?: unknown;
  requestedBy?: unknown;
  follow?: unknown;
  force?: unknown;
  as?: unknown;
};

/** Whether a bot answers on a control socket (`paperboy health` asks this too). */
export function isAlive(p: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(p);
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

export async function startControlServer(
  dataDir: string,
  handlers: ControlHandlers,
  log: Logger,
  /** Tests shorten these; the bot uses the defaults. */
  limits: { idleMs?: number; maxConnections?: number } = {},
): Promise<ControlServer> {
  const p = socketPath(dataDir);
  if (await isAlive(p)) throw new BotAlreadyRunning(p);
  // A socket file left by a bot that died (kill -9) refuses connections: remove it and take over.
  await unlink(p).catch(() => {});
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    // A client that connects and says nothing must not hold a slot forever; a followed push
    // clears this once it starts streaming progress.
    socket.setTimeout(limits.idleMs ?? CONTROL_IDLE_MS, () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setEncoding("utf8");
    let buf = "";
    socket.on("data", (chunk: string) => {
      buf += chunk;
      if (buf.length > 10_000) return socket.destroy();
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = "";
      void answer(socket, line);
    });
  });
  const write = (socket: net.Socket, msg: unknown) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(msg)}\n`);
  };
  const answer = async (socket: net.Socket, line: string) => {
    try {
      let msg: Message;
      try {
        msg = JSON.parse(line) as Message;
      } catch {
        return write(socket, { error: "bad request" });
      }
      if (msg.op === "desk-link") {
        const as = typeof msg.as === "string" ? msg.as.slice(0, 200) : undefined;
        const link = handlers.deskLink
          ? await handlers.deskLink({ as })
          : { error: "the desk is not running" };
        write(socket, { deskLink: link });
        return socket.end();
      }
      if (msg.op !== "push") return write(socket, { error: `unknown op ${String(msg.op)}` });
      const date = typeof msg.date === "string" ? msg.date : undefined;
      const requestedBy = typeof msg.requestedBy === "string" ? msg.requestedBy.slice(0, 64) : "cli";
      const result = await handlers.push({
        date,
        requestedBy,
        ...(msg.force === true ? { force: true } : {}),
      });
      write(socket, { answer: result });
      if (msg.follow === true && result.started) {
        socket.setTimeout(0);
        const timer = setInterval(() => {
          const pr = handlers.progress();
          if (pr) write(socket, { progress: pr });
        }, 250);
        const outcome = await handlers.whenIdle();
        clearInterval(timer);
        write(socket, { done: outcome?.summary ?? "", messages: outcome?.messages });
      }
      socket.end();
    } catch (err) {
      log.warn({ err }, "control request failed");
      write(socket, { error: "internal error" });
      socket.end();
    }
  };
  // Only the bot's own user can connect, but a runaway script must still not exhaust descriptors.
  server.maxConnections = limits.maxConnections ?? CONTROL_MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(p, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Only the bot's own user may ask it to push.
  await chmod(p, 0o600).catch(() => {});
  log.info({ socket: p }, "control socket listening");
  return {
    path: p,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await unlink(p).catch(() => {});
    },
  };
}

export interface RequestOptions {
  /** Called with the bot's answer as soon as it comes (before any progress). */
  onAnswer?: (a: PushAnswer) => void;
  /** Follow the push to its end even without onProgress/onDone (`paperboy push --wait`). */
  follow?: boolean;
  /** Receive progress until the push ends. */
  onProgress?: (p: ControlProgress) => void;
  /** Called with the push's summary line (and its counts, unless the bot lost the push) when following. */
  onDone?: (summary: string, messages?: PushOutcome["messages"]) => void;
  timeoutMs?: number;
}

/**
 * Asks the bot running on `dataDir` to push. Resolves `{ started: false }` with an explanation when
 * no bot is running (nothing listens on the socket) or the bot refuses.
 */
export function requestPush(
  dataDir: string,
  req: PushRequest,
  opts: RequestOptions = {},
): Promise<PushAnswer> {
  const p = socketPath(dataDir);
  const follow = Boolean(opts.follow || opts.onProgress || opts.onDone);
  return new Promise((resolve) => {
    let answered: PushAnswer | undefined;
    let buf = "";
    const socket = net.connect(p);
    socket.setEncoding("utf8");
    const finish = (a: PushAnswer) => {
      if (!answered) answered = a;
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(
      () => finish({ started: false, message: "the bot did not answer in time" }),
      opts.timeoutMs ?? (follow ? 24 * 3600_000 : 30_000),
    );
    socket.once("connect", () => socket.write(`${JSON.stringify({ op: "push", ...req, follow })}\n`));
    socket.on("error", (e: NodeJS.ErrnoException) => {
      if (answered) return finish(answered);
      const none = e.code === "ENOENT" || e.code === "ECONNREFUSED";
      finish({
        started: false,
        message: none
          ? `no paperboy bot is running for ${dataDir} (start it with \`npx paperboy start\`)`
          : `could not reach the bot: ${e.message}`,
      });
    });
    socket.on("data", (chunk: string) => {
      buf += chunk;
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let msg: {
          answer?: PushAnswer;
          progress?: ControlProgress;
          done?: string;
          messages?: PushOutcome["messages"];
          error?: string;
        };
        try {
          msg = JSON.parse(line);
        } catch {
          continue;
        }
        if (msg.error) return finish({ started: false, message: `the bot refused: ${msg.error}` });
        if (msg.answer) {
          answered = msg.answer;
          opts.onAnswer?.(msg.answer);
          if (!follow || !msg.answer.started) return finish(msg.answer);
        }
        if (msg.progress) opts.onProgress?.(msg.progress);
        if (msg.done !== undefined) {
          opts.onDone?.(msg.done, msg.messages);
          return finish(answered ?? { started: true, message: msg.done });
        }
      }
    });
    socket.on("close", () =>
      finish(answered ?? { started: false, message: "the bot closed the connection" }),
    );
  });
}

/**
 * Asks the bot running on `dataDir` for a one-time desk sign-in link. The socket is only open to the
 * bot's own user (0600), so whoever may run `paperboy push` may sign in to the desk.
 */
export function requestDeskLink(
  dataDir: string,
  req: DeskLinkRequest,
  timeoutMs = 10_000,
): Promise<DeskLinkAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath(dataDir));
    socket.setEncoding("utf8");
    let buf = "";
    let settled = false;
    const finish = (a: DeskLinkAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish({ error: "the bot did not answer in time" }), timeoutMs);
    socket.once("connect", () => socket.write(`${JSON.stringify({ op: "desk-link", ...req })}\n`));
    socket.on("error", (e: NodeJS.ErrnoException) => {
      const none = e.code === "ENOENT" || e.code === "ECONNREFUSED";
      finish({
        error: none
          ? `no paperboy bot is running for ${dataDir} (start it with \`npx paperboy start\`)`
          : `could not reach the bot: ${e.message}`,
      });
    });
    socket.on("data", (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      try {
        const msg = JSON.parse(buf.slice(0, nl)) as { deskLink?: DeskLinkAnswer; error?: string };
        finish(msg.deskLink ?? { error: `the bot refused: ${msg.error ?? "no answer"}` });
      } catch {
        finish({ error: "the bot sent an unreadable answer" });
      }
    });
    socket.on("close", () => finish({ error: "the bot closed the connection" }));
  });
}

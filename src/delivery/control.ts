import { chmod, unlink } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import type { Logger } from "../log.ts";

/**
 * A local control channel: the CLI (`paperboy push`) asks the running bot to push through a Unix
 * socket in the data dir, so there is never a second connection to a platform. One JSON line in,
 * JSON lines out: the answer, then (when asked to follow) progress lines and the final report.
 */
export const SOCKET_NAME = "paperboy.sock";

export function socketPath(dataDir: string): string {
  return path.join(dataDir, SOCKET_NAME);
}

export interface PushRequest {
  date?: string;
  requestedBy?: string;
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
}

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

type Message = { op?: unknown; date?: unknown; requestedBy?: unknown; follow?: unknown };

function isAlive(p: string): Promise<boolean> {
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
): Promise<ControlServer> {
  const p = socketPath(dataDir);
  if (await isAlive(p)) throw new BotAlreadyRunning(p);
  // A socket file left by a bot that died (kill -9) refuses connections: remove it and take over.
  await unlink(p).catch(() => {});
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
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
      if (msg.op !== "push") return write(socket, { error: `unknown op ${String(msg.op)}` });
      const date = typeof msg.date === "string" ? msg.date : undefined;
      const requestedBy = typeof msg.requestedBy === "string" ? msg.requestedBy.slice(0, 64) : "cli";
      const result = await handlers.push({ date, requestedBy });
      write(socket, { answer: result });
      if (msg.follow === true && result.started) {
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

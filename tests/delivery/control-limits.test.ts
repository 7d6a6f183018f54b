import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ControlServer,
  requestPush,
  socketPath,
  startControlServer,
} from "../../src/delivery/control.ts";

const log = pino({ level: "silent" });
const handlers = {
  push: async () => ({ started: false, message: "nothing to do" }),
  progress: () => undefined,
  whenIdle: async () => undefined,
};

/** A client that connects and says nothing; `closed` settles when the server hangs up. */
function silentClient(p: string): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(p);
    const closed = new Promise<void>((r) => socket.once("close", () => r()));
    socket.on("error", () => {});
    socket.once("connect", () => resolve({ socket, closed }));
    socket.once("error", reject);
  });
}

describe("control socket limits", () => {
  let dir: string;
  let server: ControlServer | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pb-ctl-lim-"));
  });
  afterEach(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("hangs up on a client that stays silent past the idle timeout", async () => {
    server = await startControlServer(dir, handlers, log, { idleMs: 150 });
    const t0 = performance.now();
    const { closed } = await silentClient(socketPath(dir));
    await closed;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    // A client that speaks is still answered.
    expect((await requestPush(dir, {})).message).toBe("nothing to do");
  });

  it("refuses connections over the cap, and serves again once a slot is free", async () => {
    server = await startControlServer(dir, handlers, log, { maxConnections: 2, idleMs: 60_000 });
    const a = await silentClient(socketPath(dir));
    const b = await silentClient(socketPath(dir));
    // The third is dropped at once by the server, long before any idle timeout.
    const third = await requestPush(dir, {}, { timeoutMs: 5000 });
    expect(third.started).toBe(false);
    expect(third.message).not.toBe("nothing to do");
    a.socket.destroy();
    await a.closed;
    await expect
      .poll(async () => (await requestPush(dir, {})).message, { timeout: 5000 })
      .toBe("nothing to do");
    b.socket.destroy();
  });
});

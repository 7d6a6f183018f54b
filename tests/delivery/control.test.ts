import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BotAlreadyRunning,
  type ControlProgress,
  requestPush,
  socketPath,
  startControlServer,
} from "../../src/delivery/control.ts";

const log = pino({ level: "silent" });

describe("control socket", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pb-ctl-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("says no bot is running when nothing listens", async () => {
    const answer = await requestPush(dir, { date: "2026-01-08" });
    expect(answer.started).toBe(false);
    expect(answer.message).toMatch(/no paperboy bot is running/);
  });

  it("asks the running bot to push and follows its progress to the end", async () => {
    const asked: unknown[] = [];
    let finish: (s: string) => void = () => {};
    const idle = new Promise<string>((resolve) => {
      finish = resolve;
    });
    let progress: ControlProgress = { done: 0, total: 10 };
    const server = await startControlServer(
      dir,
      {
        push: async (req) => {
          asked.push(req);
          return { started: true, message: "pushing" };
        },
        progress: () => progress,
        whenIdle: () => idle,
      },
      log,
    );
    try {
      const seen: ControlProgress[] = [];
      const answer = requestPush(
        dir,
        { date: "2026-01-08", requestedBy: "cli" },
        {
          onProgress: (p) => {
            seen.push(p);
            progress = { done: 10, total: 10 };
            finish("10 sent");
          },
        },
      );
      expect(await answer).toEqual({ started: true, message: "pushing" });
      expect(asked).toEqual([{ date: "2026-01-08", requestedBy: "cli" }]);
      expect(seen.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it("takes over the socket a killed bot left behind, but never a live bot's", async () => {
    await writeFile(socketPath(dir), "");
    const handlers = {
      push: async () => ({ started: false, message: "no" }),
      progress: () => undefined,
      whenIdle: async () => undefined,
    };
    const server = await startControlServer(dir, handlers, log);
    try {
      await expect(startControlServer(dir, handlers, log)).rejects.toBeInstanceOf(BotAlreadyRunning);
      expect(await requestPush(dir, {})).toEqual({ started: false, message: "no" });
    } finally {
      await server.close();
    }
  });
});

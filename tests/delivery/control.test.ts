import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BotAlreadyRunning,
  type ControlProgress,
  type PushOutcome,
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

  it("asks the running bot to push and follows its progress to the end, answer first, counts last", async () => {
    const asked: unknown[] = [];
    let finish: (o: PushOutcome) => void = () => {};
    const idle = new Promise<PushOutcome>((resolve) => {
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
      const seen: string[] = [];
      const messages = { sent: 9, failed: 1, skipped: 0, pending: 0 };
      const answer = requestPush(
        dir,
        { date: "2026-01-08", requestedBy: "cli" },
        {
          onAnswer: (a) => seen.push(`answer ${a.message}`),
          onProgress: (p) => {
            seen.push(`progress ${p.done}/${p.total}`);
            progress = { done: 10, total: 10 };
            finish({ summary: "9 sent, 1 failed", messages });
          },
          onDone: (summary, counts) => seen.push(`done ${summary} ${JSON.stringify(counts)}`),
        },
      );
      expect(await answer).toEqual({ started: true, message: "pushing" });
      expect(asked).toEqual([{ date: "2026-01-08", requestedBy: "cli" }]);
      expect(seen[0]).toBe("answer pushing");
      expect(seen[1]).toBe("progress 0/10");
      expect(seen.at(-1)).toBe(`done 9 sent, 1 failed ${JSON.stringify(messages)}`);
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

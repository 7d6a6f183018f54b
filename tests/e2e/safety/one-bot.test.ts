import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { socketPath } from "../../../src/delivery/control.ts";
import { cleanEnv, runCli } from "../../support/run-cli.ts";
import { startTelegramApi, type TelegramApi } from "../../support/telegram-api/server.ts";
import { type BotProcess, startBot } from "./bot-process.ts";

describe("one bot per data dir", () => {
  let api: TelegramApi;
  let root: string;
  const bots: BotProcess[] = [];

  beforeEach(async () => {
    api = await startTelegramApi();
    root = await fs.mkdtemp(path.join(tmpdir(), "paperboy-one-"));
  });
  afterEach(async () => {
    for (const b of bots.splice(0)) {
      if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill("SIGKILL");
      await b.exited;
    }
    await api.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  it("a second start exits non-zero before contacting Telegram; after kill -9 the lock is taken over", async () => {
    // Over 107 bytes: too long for a Unix socket path in the data dir.
    const dataDir = path.join(root, "a".repeat(60), "b".repeat(60), "data");
    expect(Buffer.byteLength(path.join(dataDir, "paperboy.sock"))).toBeGreaterThan(107);
    const first = startBot(api, dataDir);
    bots.push(first);
    await first.waitForLog("control socket listening");
    const callsBefore = api.stats().calls;
    const getMeBefore = api.events.filter((e) => e.kind === "call" && e.method === "getMe").length;

    const second = startBot(api, dataDir);
    bots.push(second);
    const { code } = await second.exited;
    expect(code).not.toBe(0);
    expect(second.stderr()).toContain("another paperboy is already running");
    // It never reached the platform: no second getMe, no getUpdates fighting the first bot.
    const getMeAfter = api.events.filter((e) => e.kind === "call" && e.method === "getMe").length;
    expect(getMeAfter).toBe(getMeBefore);
    expect(api.events.filter((e) => e.kind === "call" && e.errorCode === 409)).toEqual([]);
    expect(api.stats().calls).toBeGreaterThanOrEqual(callsBefore);

    // The control socket did not silently move into a parent folder, and the CLI still reaches it.
    expect(existsSync(path.join(path.dirname(dataDir), "paperboy.sock"))).toBe(false);
    expect(existsSync(socketPath(dataDir))).toBe(true);
    const push = await runCli(["push"], { env: cleanEnv({ PAPERBOY_DATA_DIR: dataDir }) });
    expect(push.stdout + push.stderr).not.toMatch(/no paperboy bot is running/);

    first.child.kill("SIGKILL");
    await first.exited;
    const third = startBot(api, dataDir);
    bots.push(third);
    await third.waitForLog("control socket listening");
    expect(third.child.exitCode).toBeNull();
  });
});

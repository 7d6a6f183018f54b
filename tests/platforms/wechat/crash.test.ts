import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import { PuppetServer } from "wechaty-puppet-service";
import { todayIn } from "../../../src/domain/today.ts";
import { loadIssueFile } from "../../../src/ingest/index.ts";
import { openStore } from "../../../src/store/open.ts";
import { exited } from "../../support/child.ts";
import { cleanEnv, REPO_ROOT, tempDataDir } from "../../support/run-cli.ts";
import { type RoomMock, Transcript } from "./harness.ts";

/**
 * The bot killed with SIGKILL in the middle of a WeChat push, in its own process talking gRPC to a
 * puppet server (wechaty-puppet-service on 127.0.0.1, serving wechaty-puppet-mock from this process),
 * then started again: every room ends up with the whole issue in order, at most one message twice.
 */

const FIXTURE = fileURLToPath(new URL("./fixtures/issue-zh.txt", import.meta.url));
const SCRIPT = path.join(import.meta.dirname, "helpers", "push-bot.ts");
const ORDER = ["#老高电商快报#", "【电商快报】", "【跨境快报】", "【今日老高观点】"];
const ROOMS = 12;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe("a WeChat bot killed mid-push", () => {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = mocker.createContact({ name: "老高小助手" });
  const alice = mocker.createContact({ name: "Alice" });
  const rooms: RoomMock[] = Array.from({ length: ROOMS }, (_, i) =>
    mocker.createRoom({ topic: `卖家群 ${i + 1}`, memberIdList: [bot.id, alice.id], ownerId: alice.id }),
  );
  const token = `insecure_${randomUUID()}`;
  const children: ChildProcess[] = [];
  let server: PuppetServer | undefined;
  let dataDir = "";
  let env: NodeJS.ProcessEnv = {};
  let stderr = "";
  let endpoint = "";

  beforeAll(async () => {
    endpoint = `127.0.0.1:${await freePort()}`;
    dataDir = await tempDataDir();
    // Like a puppet server restoring its session: the account logs in whenever the puppet starts.
    mocker.use((m) => {
      m.login(bot);
      return () => {};
    });
    await puppet.start();
    await startServer(endpoint);
    env = cleanEnv({
      PAPERBOY_DATA_DIR: dataDir,
      // wechaty-puppet-service caches payloads under ~/.wechaty: keep that inside the test's directory.
      HOME: dataDir,
      PAPERBOY_TZ: "Asia/Shanghai",
      WECHATY_PUPPET: "wechaty-puppet-service",
      WECHATY_PUPPET_SERVICE_ENDPOINT: endpoint,
      WECHATY_PUPPET_SERVICE_TOKEN: token,
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: "true",
      WECHATY_LOG: "silent",
      WECHAT_MIN_INTERVAL_MS: "20",
      CRASH_LOG_LEVEL: "warn",
    });
  }, 30_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await server?.stop();
    await puppet.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 20_000);

  const startServer = async (endpoint: string) => {
    server = new PuppetServer({ puppet, endpoint, token, tls: { disable: true } });
    await server.start();
  };

  /** The day's issue and every room, subscribed, in the bot's file store. */
  async function prepare(date: string): Promise<void> {
    const store = await openStore(dataDir, { log: pino({ level: "silent" }) });
    await store.putIssue(await loadIssueFile(FIXTURE, { date, tz: "Asia/Shanghai" }));
    for (const room of rooms)
      await store.upsertChat({ id: `wechat:${room.id}`, platform: "wechat", kind: "group", title: "卖家群" });
    await store.close();
  }

  function start(mode: "push" | "resume", date: string): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
      cwd: REPO_ROOT,
      env: { ...env, CRASH_MODE: mode, PUSH_DATE: date },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    children.push(child);
    return child;
  }

  it("resumes after kill -9: every room gets the whole issue in order, at most one message twice", async () => {
    const today = todayIn("Asia/Shanghai", new Date());
    await prepare(today);
    const transcript = new Transcript(rooms, bot.id);
    const total = ROOMS * ORDER.length;

    const first = start("push", today);
    const firstExit = exited(first);
    await transcript.until((s) => s.length >= total / 3, "a third of the push", 30_000);
    first.kill("SIGKILL");
    expect((await firstExit).signal).toBe("SIGKILL");
    const beforeCrash = transcript.said.length;
    expect(beforeCrash).toBeLessThan(total);

    const second = start("resume", today);
    const { code } = await exited(second);
    expect(code, stderr.slice(-3000)).toBe(0);

    let duplicates = 0;
    for (const room of rooms) {
      const texts = transcript.to(room.id).map((s) => s.text);
      const distinct = texts.filter((t, i) => i === 0 || t !== texts[i - 1]);
      expect(distinct).toHaveLength(ORDER.length);
      ORDER.forEach((marker, i) => {
        expect(distinct[i]).toContain(marker);
      });
      expect(texts.length - distinct.length).toBeLessThanOrEqual(1);
      duplicates += texts.length - distinct.length;
    }
    expect(transcript.said.length).toBe(total + duplicates);
  }, 60_000);

  it("the puppet server restarts mid-push: the sends wait for the reconnect and nothing fails", async () => {
    // Another day's issue, so this push has a ledger of its own.
    const date = "2026-03-02";
    await prepare(date);
    const transcript = new Transcript(rooms, bot.id);
    const total = ROOMS * ORDER.length;

    const child = start("push", date);
    let stdout = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    const done = exited(child);
    await transcript.until((s) => s.length >= total / 3, "a third of the push", 30_000);
    await server?.stop();
    const lost = transcript.said.length;
    expect(lost).toBeLessThan(total);
    await startServer(endpoint);
    const { code } = await done;
    expect(code, stderr.slice(-3000)).toBe(0);

    const counts = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, number>;
    expect(counts).toMatchObject({ sent: total, failed: 0, skipped: 0, pending: 0 });
    for (const room of rooms) {
      const texts = transcript.to(room.id).map((s) => s.text);
      const distinct = texts.filter((t, i) => i === 0 || t !== texts[i - 1]);
      expect(distinct).toHaveLength(ORDER.length);
      // A message under way when the server went down may have arrived without the bot hearing so.
      expect(texts.length - distinct.length).toBeLessThanOrEqual(1);
    }
  }, 60_000);
});

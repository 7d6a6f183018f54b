import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { EventEmitter, once } from "node:events";
import { rmSync } from "node:fs";
import net from "node:net";

import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import { PuppetServer } from "wechaty-puppet-service";
import { CLI, cleanEnv, REPO_ROOT, runCli, tempDataDir } from "../../support/run-cli.ts";
import { Inbox } from "./harness.ts";

/**
 * The bot as a deployment runs it: `paperboy start` in its own process, talking gRPC to a puppet
 * server (wechaty-puppet-service) on 127.0.0.1, here serving wechaty-puppet-mock from this process.
 * The people in the mock talk; what the bot process answers comes back through the puppet server.
 */

const FIXTURE = fileURLToPath(new URL("./fixtures/issue-zh.txt", import.meta.url));

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

/** Today in the publisher's timezone, so `跨境` finds the imported issue as today's. */
function todayInShanghai(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** The child's stderr (pino JSON lines), with a way to wait for a line. */
class ChildLog extends EventEmitter {
  text = "";
  constructor(child: ChildProcessWithoutNullStreams) {
    super();
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      this.text += d;
      this.emit("data");
    });
  }
  waitFor(pattern: RegExp, what: string, timeoutMs = 20_000): Promise<void> {
    if (pattern.test(this.text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!pattern.test(this.text)) return;
        clearTimeout(timer);
        this.off("data", check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off("data", check);
        reject(new Error(`bot process: timed out waiting for ${what}\n${this.text.slice(-3000)}`));
      }, timeoutMs);
      this.on("data", check);
    });
  }
}

describe("paperboy start as a separate process on wechaty-puppet-service", () => {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = mocker.createContact({ name: "老高小助手" });
  const alice = mocker.createContact({ name: "Alice" });
  const room = mocker.createRoom({
    topic: "老高电商俱乐部",
    memberIdList: [bot.id, alice.id],
    ownerId: alice.id,
  });
  const token = `insecure_${randomUUID()}`;
  let endpoint = "";
  let server: PuppetServer | undefined;
  let dataDir = "";
  let child: ChildProcessWithoutNullStreams | undefined;
  let log: ChildLog;
  let env: NodeJS.ProcessEnv = {};

  /** A failure message that shows what the bot process logged (and whether it died). */
  const withChildLog = (err: Error): never => {
    throw new Error(
      `${err.message}\nbot process exit code: ${child?.exitCode}\nbot process log:\n${log.text.slice(-4000)}`,
    );
  };

  const startServer = async () => {
    server = new PuppetServer({ puppet, endpoint, token, tls: { disable: true } });
    await server.start();
  };

  beforeAll(async () => {
    endpoint = `127.0.0.1:${await freePort()}`;
    dataDir = await tempDataDir();
    // Like a real puppet server restoring its session, the mock logs the account in whenever it starts
    // (the bot's own reconnect stops and starts the puppet through the service).
    mocker.use((m) => {
      m.login(bot);
      return () => {};
    });
    await puppet.start();
    await startServer();

    env = cleanEnv({
      PAPERBOY_DATA_DIR: dataDir,
      // wechaty-puppet-service caches payloads under ~/.wechaty: keep that inside the test's directory.
      HOME: dataDir,
      // Far from now: no scheduled push interferes with the conversation under test.
      PAPERBOY_PUSH_AT: "0 0 1 1 *",
      PAPERBOY_LOG_LEVEL: "info",
      WECHATY_PUPPET: "wechaty-puppet-service",
      WECHATY_PUPPET_SERVICE_ENDPOINT: endpoint,
      WECHATY_PUPPET_SERVICE_TOKEN: token,
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: "true",
      WECHATY_LOG: "warn",
      WECHAT_MIN_INTERVAL_MS: "20",
    });
    const imported = await runCli(["import", FIXTURE, "--date", todayInShanghai()], { env });
    expect(imported.code, imported.stderr).toBe(0);
    child = spawn(process.execPath, [CLI, "start"], { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    log = new ChildLog(child);
    await log.waitFor(/wechat: logged in as/, "the bot to log in through the puppet service");
  }, 40_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child?.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    await server?.stop();
    await puppet.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 20_000);

  it("a member says 跨境 in the room and the bot process answers with the cross-border section", async () => {
    const inbox = new Inbox(room as unknown as EventEmitter, bot.id);
    alice.say("跨境").to(room);
    await inbox.waitForCount(1, 15_000).catch(withChildLog);
    const said = inbox.texts.join("\n");
    expect(said).toContain("【跨境快报】");
    expect(said).toContain("海外仓租金回落");
    expect(said).toContain("小包裹清关提速");
    // Only the section asked for, not the whole issue.
    expect(said).not.toContain("直播带货新规");
  }, 20_000);

  it("invited to a room, the bot welcomes it, and `paperboy status` lists the room; removed, as inactive", async () => {
    const fresh = mocker.createRoom({ topic: "跨境卖家交流群", memberIdList: [alice.id] });
    const inbox = new Inbox(fresh as unknown as EventEmitter, bot.id);
    fresh.add(bot).by(alice);
    await inbox.waitForCount(1, 15_000).catch(withChildLog);

    const listed = await runCli(["status"], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const line = listed.stdout.split("\n").find((l) => l.includes(`wechat:${fresh.id}`));
    expect(line).toMatch(/group\s+active\s+subscribed/);
    expect(line).toContain("跨境卖家交流群");

    fresh.remove(bot).by(alice);
    await log.waitFor(/chat marked inactive/, "the room to be marked inactive");
    const after = await runCli(["status"], { env });
    const again = after.stdout.split("\n").find((l) => l.includes(`wechat:${fresh.id}`));
    expect(again).toMatch(/group\s+inactive/);
  }, 30_000);

  it("after the puppet server restarts, the bot reconnects and answers again", async () => {
    await server?.stop();
    await log.waitFor(/puppet connection lost/, "the bot to notice the lost connection");
    const restoredBefore = (log.text.match(/puppet connection restored/g) ?? []).length;
    await startServer();
    await log.waitFor(
      new RegExp(`(puppet connection restored[\\s\\S]*){${restoredBefore + 1}}`),
      "the bot to reconnect",
    );

    const inbox = new Inbox(room as unknown as EventEmitter, bot.id);
    alice.say("今日").to(room);
    await inbox.waitForCount(1, 15_000).catch(withChildLog);
    expect(child?.exitCode, "the bot process is still running").toBeNull();
    expect(inbox.texts.join("\n")).toContain("海外仓租金回落");
  }, 40_000);
});

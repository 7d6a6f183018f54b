import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { exited } from "../support/child.ts";
import { CLI, cleanEnv, REPO_ROOT, runCli, tempDataDir } from "../support/run-cli.ts";
import { startTelegramApi, type TelegramApi } from "../support/telegram-api/server.ts";

const dirs: string[] = [];
const apis: TelegramApi[] = [];
afterEach(async () => {
  for (const a of apis.splice(0)) await a.stop();
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const d = await tempDataDir();
  dirs.push(d);
  return d;
}

async function api(opts: Parameters<typeof startTelegramApi>[0] = {}): Promise<TelegramApi> {
  const a = await startTelegramApi(opts);
  apis.push(a);
  return a;
}

/** A port on 127.0.0.1 nothing listens on (taken and given back). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const WRONG_TOKEN = "987654321:AAwrong-token-for-this-test_xxxxxxxxxx";

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}

describe("configuration mistakes an operator makes on the first day", () => {
  it("a cron expression out of range is refused at load time, by start and by doctor, naming the variable", async () => {
    const env = cleanEnv({ PAPERBOY_DATA_DIR: await dataDir(), PAPERBOY_PUSH_AT: "61 25 * * *" });
    const start = await runCli(["start"], { env, input: "/help\n" });
    expect(start.code).toBe(2);
    expect(start.stderr).toContain("PAPERBOY_PUSH_AT");
    expect(start.stderr).toContain("61 25 * * *");
    expect(start.stdout).not.toContain("61 25");
    const doctor = await runCli(["doctor"], { env });
    expect(doctor.code).toBe(2);
    expect(doctor.stdout).toMatch(/✘ configuration: .*PAPERBOY_PUSH_AT.*range/);
  }, 60_000);

  it("doctor asks the Bot API about the token: accepted shows the bot, rejected says what to fix", async () => {
    const standIn = await api();
    const env = cleanEnv({
      PAPERBOY_DATA_DIR: await dataDir(),
      TELEGRAM_BOT_TOKEN: standIn.token,
      TELEGRAM_API_ROOT: standIn.url,
    });
    const good = await runCli(["doctor"], { env });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`✔ Telegram: token accepted, the bot is @${standIn.botUsername}`);
    expect(standIn.events.some((e) => e.kind === "call" && e.method === "getMe")).toBe(true);

    const bad = await runCli(["doctor"], { env: { ...env, TELEGRAM_BOT_TOKEN: WRONG_TOKEN } });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("token rejected, check TELEGRAM_BOT_TOKEN");
    expect(bad.stdout + bad.stderr).not.toContain(WRONG_TOKEN.split(":")[1]);

    const down = await runCli(["doctor"], {
      env: { ...env, TELEGRAM_API_ROOT: `http://127.0.0.1:${await closedPort()}` },
    });
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/✘ Telegram: cannot reach the Bot API at http:\/\/127\.0\.0\.1:\d+/);
  }, 90_000);

  it("start with a rejected token exits 2 with doctor's words, as its last line", async () => {
    const standIn = await api();
    const res = await runCli(["start"], {
      env: cleanEnv({
        PAPERBOY_DATA_DIR: await dataDir(),
        TELEGRAM_BOT_TOKEN: WRONG_TOKEN,
        TELEGRAM_API_ROOT: standIn.url,
      }),
    });
    expect(res.code).toBe(2);
    expect(lastLine(res.stderr)).toContain("token rejected, check TELEGRAM_BOT_TOKEN");
    expect(res.stderr).not.toContain("Unauthorized");
    expect(res.stderr).not.toContain(WRONG_TOKEN.split(":")[1]);
  });

  it("start retries an unreachable Bot API with backoff and comes up when it does", async () => {
    const port = await closedPort();
    const dir = await dataDir();
    const token = "123456789:TEST-stand-in-token_abcdefghijklmnop";
    const child = spawn(process.execPath, [CLI, "start"], {
      cwd: REPO_ROOT,
      env: cleanEnv({
        PAPERBOY_DATA_DIR: dir,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const done = exited(child);
    let stderr = "";
    const waiters: { re: RegExp; resolve: () => void }[] = [];
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      for (const w of waiters.splice(0)) {
        if (w.re.test(stderr)) w.resolve();
        else waiters.push(w);
      }
    });
    const logged = (re: RegExp) =>
      new Promise<void>((resolve) => (re.test(stderr) ? resolve() : waiters.push({ re, resolve })));
    try {
      await logged(/the Bot API is unreachable, retrying/);
      // The network comes back: the Bot API answers on the port the bot keeps trying.
      await api({ token, port });
      await logged(/telegram: bot started/);
      await logged(/push scheduled: next at \d{4}-\d{2}-\d{2} 18:00 Asia\/Shanghai/);
    } finally {
      child.kill("SIGTERM");
    }
    const { code } = await done;
    expect(code).toBe(0);
  });

  it("start gives up after PAPERBOY_START_RETRY_SECONDS with one line naming the API, exit 1", async () => {
    const res = await runCli(["start"], {
      env: cleanEnv({
        PAPERBOY_DATA_DIR: await dataDir(),
        TELEGRAM_BOT_TOKEN: "123456789:TEST-stand-in-token_abcdefghijklmnop",
        TELEGRAM_API_ROOT: `http://127.0.0.1:${await closedPort()}`,
        PAPERBOY_START_RETRY_SECONDS: "0",
      }),
    });
    expect(res.code).toBe(1);
    expect(lastLine(res.stderr)).toMatch(
      /^paperboy: telegram: cannot reach the Bot API at http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });

  it("an unreachable wechaty-puppet-service directory is one paperboy: line, not a stack", async () => {
    const env = cleanEnv({
      PAPERBOY_DATA_DIR: await dataDir(),
      WECHATY_PUPPET: "wechaty-puppet-service",
      WECHATY_PUPPET_SERVICE_TOKEN: "puppet_test_0123456789abcdef",
      WECHATY_PUPPET_SERVICE_AUTHORITY: `127.0.0.1:${await closedPort()}`,
      PAPERBOY_START_RETRY_SECONDS: "0",
    });
    const res = await runCli(["start"], { env });
    expect(res.code).toBe(1);
    expect(lastLine(res.stderr)).toMatch(
      /^paperboy: wechat: cannot look up the puppet service at 127\.0\.0\.1:\d+/,
    );
    expect(res.stderr).not.toMatch(/^\s+at /m);
    expect(res.stderr).not.toContain("0123456789abcdef");

    const doctor = await runCli(["doctor"], { env });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain("✔ WeChat: puppet wechaty-puppet-service is installed");
    expect(doctor.stdout).toMatch(/✘ WeChat: cannot look up the token/);

    const noToken = await runCli(["doctor"], { env: { ...env, WECHATY_PUPPET_SERVICE_TOKEN: "" } });
    expect(noToken.code).toBe(2);
    expect(noToken.stdout).toContain("WECHATY_PUPPET_SERVICE_TOKEN is not set");

    const notInstalled = await runCli(["doctor"], {
      env: { ...env, WECHATY_PUPPET: "wechaty-puppet-nowhere" },
    });
    expect(notInstalled.code).toBe(2);
    expect(notInstalled.stdout).toContain("npm install wechaty-puppet-nowhere");
  }, 120_000);
});

describe("the command line itself", () => {
  it("prints its version", async () => {
    const pkg = JSON.parse(await fs.readFile(`${REPO_ROOT}/package.json`, "utf8")) as { version: string };
    const res = await runCli(["--version"]);
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe(pkg.version);
  });

  it("says an unknown command is one, instead of 'too many arguments for start'", async () => {
    const res = await runCli(["strat"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown command 'strat'");
    expect(res.stderr).not.toContain("too many arguments");
  });

  it("doctor names the Node.js floor that package.json's engines sets", async () => {
    const pkg = JSON.parse(await fs.readFile(`${REPO_ROOT}/package.json`, "utf8")) as {
      engines: { node: string };
    };
    const res = await runCli(["doctor"], { env: cleanEnv({ PAPERBOY_DATA_DIR: await dataDir() }) });
    expect(res.stdout).toContain(`(${pkg.engines.node.replace(">=", "")} or newer needed)`);
  });
});

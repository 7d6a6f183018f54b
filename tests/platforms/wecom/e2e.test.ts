import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exited } from "../../support/child.ts";
import { CLI, cleanEnv, REPO_ROOT, runCli, tempDataDir } from "../../support/run-cli.ts";
import { startWecomApi, type WecomApi } from "../../support/wecom-api/server.ts";

const FIXTURE = fileURLToPath(new URL("../../fixtures/issues/zh-edge-2025-01-09.txt", import.meta.url));
const KEY_OPS = "0f1e2d3c-aaaa-4bbb-8ccc-000000000001";
const KEY_SELLERS = "0f1e2d3c-aaaa-4bbb-8ccc-000000000002";

function todayInShanghai(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** Resolves once the child's stderr matches. */
function waitForLog(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  let text = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} in the bot's log:\n${text.slice(-2000)}`)),
      timeoutMs,
    );
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      text += d;
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}

describe("paperboy with only WeCom group robots configured", () => {
  let api: WecomApi;
  let child: ChildProcessWithoutNullStreams | undefined;
  let env: NodeJS.ProcessEnv;
  let stdout = "";
  let stderr = "";

  beforeAll(async () => {
    api = await startWecomApi({ keys: [KEY_OPS, KEY_SELLERS] });
    env = cleanEnv({
      PAPERBOY_DATA_DIR: await tempDataDir(),
      // Far from now: only `paperboy push` starts a push here.
      PAPERBOY_PUSH_AT: "0 0 1 1 *",
      PAPERBOY_LOG_LEVEL: "info",
      // Other tests' bots may hold the desk's port; this one needs no desk.
      PAPERBOY_DESK: "off",
      WECOM_WEBHOOK_KEYS: `运营一群:${KEY_OPS},卖家交流群:${KEY_SELLERS}`,
      WECOM_API_ROOT: api.url,
    });
    const imported = await runCli(["import", FIXTURE, "--date", todayInShanghai()], { env });
    expect(imported.code, imported.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const done = exited(child);
      child.kill("SIGTERM");
      await done;
    }
    await api.close();
  });

  it("starts as a bot (not the console demo), and `paperboy push` reaches every robot", async () => {
    child = spawn(process.execPath, [CLI, "start"], { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    const started = waitForLog(
      child,
      /"platform":"wecom"[^\n]*platform started|platform started[^\n]*"platform":"wecom"/,
    );
    child.stderr.on("data", (d: string) => {
      stderr += d;
    });
    await started;
    // A console demo would answer this line on stdout; a robot-only bot has no one to answer.
    child.stdin.write("/today\n");

    const push = await runCli(["push"], { env });
    expect(push.code, push.stderr + push.stdout).toBe(0);
    const [ops, sellers] = await Promise.all([
      api.waitForMessages(KEY_OPS, 3, 60_000),
      api.waitForMessages(KEY_SELLERS, 3, 60_000),
    ]);
    for (const got of [ops, sellers]) {
      expect(got.every((m) => m.msgtype === "markdown")).toBe(true);
      expect(got.map((m) => m.content).join("\n")).toMatch(/\*\*/);
      for (const m of got) expect(Buffer.byteLength(m.content)).toBeLessThanOrEqual(4096);
    }
    expect(stdout).toBe("");
    expect(api.refused.filter((r) => r.errcode === 45009)).toEqual([]);
  }, 180_000);

  it("lists the robots by group name under platform wecom, and previews for WeCom, never showing a key", async () => {
    const status = await runCli(["status"], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/wecom: 2/);
    expect(status.stdout).toContain("wecom:运营一群");
    expect(status.stdout).toContain("wecom:卖家交流群");
    const preview = await runCli(["preview", "--platform", "wecom"], { env });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/\*\*.+\*\*/);
    const doctor = await runCli(["doctor"], { env });
    expect(doctor.stdout).toMatch(/WeCom: 2 group robot/);
    for (const out of [status, preview, doctor].flatMap((r) => [r.stdout, r.stderr]).concat(stdout, stderr)) {
      expect(out).not.toContain(KEY_OPS);
      expect(out).not.toContain(KEY_SELLERS);
    }
  }, 120_000);
});

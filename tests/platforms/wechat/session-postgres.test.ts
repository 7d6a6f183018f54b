import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { INSTANCE_LOCK } from "../../../src/store/instance-lock.ts";
import { sessionSetting } from "../../../src/store/sessions.ts";
import { exited } from "../../support/child.ts";
import { paperboyProcesses } from "../../support/paperboy-processes.ts";
import { dropSchemas, freshSchema, pgUrl } from "../../support/pg.ts";
import { cleanEnv } from "../../support/run-cli.ts";

/**
 * `paperboy start` on PostgreSQL with the WeChat adapter (real wechaty, a session-keeping puppet
 * built on wechaty-puppet-mock): the login session lives in the database, so a standby taking over
 * after kill -9 and a restart both log in without a new scan, and nothing but the runtime files
 * (the pid lock, the control socket) ever appears under the data dir. The session never reaches a log.
 */

const PUPPET = path.join(import.meta.dirname, "helpers", "session-puppet.js");
/** What may appear under the data dir in PG mode: runtime files of the process, not state. */
const RUNTIME_FILES = new Set([INSTANCE_LOCK, "paperboy.sock"]);

const schemas: string[] = [];
afterAll(() => (pgUrl ? dropSchemas(pgUrl, schemas) : undefined));

describe.skipIf(!pgUrl)("the WeChat session on PostgreSQL", () => {
  const bots = paperboyProcesses("paperboy-wx-pg-");
  afterEach(() => bots.stopAll());
  const start = (env: NodeJS.ProcessEnv) => bots.start(env);

  async function savedSession(schema: string): Promise<Record<string, unknown> | undefined> {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const r = await client.query<{ value: Record<string, unknown> }>(
        `SELECT value FROM ${schema}.settings WHERE key = $1`,
        [sessionSetting("wechat")],
      );
      return r.rows[0]?.value;
    } finally {
      await client.end();
    }
  }

  async function stateFiles(dataDir: string): Promise<string[]> {
    const names = (await readdir(dataDir, { recursive: true })).map(String);
    return names.filter((n) => !RUNTIME_FILES.has(n));
  }

  it("a standby taking over after kill -9, and a restart, log in with the session from the database: no scan, no file, never logged", async () => {
    const schema = freshSchema("wxsession");
    schemas.push(schema);
    const secret = `wx-session-${randomBytes(12).toString("hex")}`;
    const env = cleanEnv({
      DATABASE_URL: pgUrl,
      PAPERBOY_DATABASE_SCHEMA: schema,
      PAPERBOY_TZ: "Asia/Shanghai",
      PAPERBOY_PUSH_AT: "0 0 1 1 *",
      PAPERBOY_LOG_LEVEL: "debug",
      PAPERBOY_DESK: "off",
      WECHATY_PUPPET: PUPPET,
      // wechaty's and memory-card's own logging at its most talkative: the session must not show there either.
      WECHATY_LOG: "verbose",
      BROLOG_LEVEL: "verbose",
      WECHAT_MIN_INTERVAL_MS: "0",
      TEST_PUPPET_SESSION: secret,
    });

    const first = await start(env);
    await first.logged(/this process is active/);
    await first.logged(/wechat: logged in as/);
    // A first login on a new database needs the scan, and leaves the session in the database.
    expect(first.output()).toMatch(/waiting for a QR code scan/);
    expect(JSON.stringify(await savedSession(schema))).toContain(secret);

    const standby = await start(env);
    await standby.logged(/standing by/);
    first.child.kill("SIGKILL");
    expect((await exited(first.child)).signal).toBe("SIGKILL");
    await standby.logged(/this process is active/);
    await standby.logged(/wechat: logged in as/);
    expect(standby.output()).not.toMatch(/QR code scan|Scan with WeChat/);
    standby.child.kill("SIGTERM");
    expect((await exited(standby.child)).code).toBe(0);

    const restarted = await start(env);
    await restarted.logged(/wechat: logged in as/);
    expect(restarted.output()).not.toMatch(/QR code scan|Scan with WeChat/);
    restarted.child.kill("SIGTERM");
    expect((await exited(restarted.child)).code).toBe(0);

    for (const b of [first, standby, restarted]) {
      expect(await stateFiles(b.dataDir)).toEqual([]);
      expect(b.output()).not.toContain(secret);
    }
    expect(first.output()).toMatch(/MemoryCard/);
  }, 240_000);
});

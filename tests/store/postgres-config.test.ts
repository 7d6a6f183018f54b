import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig } from "../../src/config.ts";
import { redactSecrets } from "../../src/log.ts";
import { redactUrl } from "../../src/store/postgres/index.ts";
import { cleanEnv, runCli, tempDataDir } from "../support/run-cli.ts";

describe("DATABASE_URL is a secret", () => {
  it("is read once from the environment, with its schema", () => {
    const c = loadConfig({
      DATABASE_URL: "postgres://pb:pw@db:5432/paperboy",
      PAPERBOY_DATABASE_SCHEMA: "laogao",
    });
    expect(c.databaseUrl).toBe("postgres://pb:pw@db:5432/paperboy");
    expect(c.databaseSchema).toBe("laogao");
    expect(loadConfig({}).databaseSchema).toBe("public");
  });

  it("never shows its password: not in config errors, doctor's description, or any logged text", () => {
    let message = "";
    try {
      loadConfig({ DATABASE_URL: "mysql://pb:hunter2@db/paperboy" });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain("DATABASE_URL");
    expect(message).not.toContain("hunter2");
    expect(() => loadConfig({ PAPERBOY_DATABASE_SCHEMA: "Robert'); DROP" })).toThrow(
      /PAPERBOY_DATABASE_SCHEMA/,
    );

    const c = loadConfig({ DATABASE_URL: "postgresql://pb:hunter2@db:5432/paperboy" });
    expect(JSON.stringify(describeConfig(c))).not.toContain("hunter2");
    expect(describeConfig(c).databaseUrl).toBe("postgresql://pb:***@db:5432/paperboy");
    expect(redactSecrets("connect failed for postgres://pb:hunter2@db/x (timeout)")).toBe(
      "connect failed for postgres://pb:***@db/x (timeout)",
    );
    expect(redactUrl("postgres://db/x")).toBe("postgres://db/x");
  });
});

describe("paperboy backup on PostgreSQL", () => {
  it("points to pg_dump instead of copying a data dir that holds no state", async () => {
    const dest = path.join(await tempDataDir(), "backup");
    const run = await runCli(["backup", dest], {
      env: cleanEnv({ DATABASE_URL: "postgres://pb:hunter2@127.0.0.1:9/paperboy", PAPERBOY_DATA_DIR: dest }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pg_dump/);
    expect(run.stderr + run.stdout).not.toContain("hunter2");
    expect(existsSync(dest)).toBe(false);
  });
});

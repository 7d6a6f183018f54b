import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "../../support/run-cli.ts";

// No Docker engine (nor hadolint) on the CI machine: the Dockerfile is checked for the properties
// operators rely on, and the commands it runs are run here for real.
describe("running paperboy as a service", () => {
  it("the Dockerfile builds in a separate stage and runs as a non-root user with the data dir as a volume", async () => {
    const text = await fs.readFile(path.join(REPO_ROOT, "Dockerfile"), "utf8");
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^RUN npm ci\b/m);
    const runtime = text.slice(text.lastIndexOf("\nFROM "));
    expect(runtime).toMatch(/^USER (?!root)\w+/m);
    expect(runtime).toMatch(/^VOLUME \["\/data"\]/m);
    expect(runtime).toMatch(/^ENV [\s\S]*PAPERBOY_DATA_DIR=\/data/m);
    expect(runtime).toMatch(/^CMD \["node", "bin\/paperboy.js", "start"\]/m);
    const health = /^HEALTHCHECK [\s\S]*?CMD \["node", "bin\/paperboy.js", "(\w+)"\]/m.exec(runtime)?.[1];
    expect(health).toBe("health");
  });

  it("the healthcheck command exists and fails while no bot runs", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-health-"));
    try {
      const res = await runCli(["health"], { env: { ...process.env, PAPERBOY_DATA_DIR: dir } });
      expect(res.code).toBe(1);
      expect(res.stdout).toContain("down");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(spawnSync("systemd-analyze", ["--version"]).status !== 0)(
    "the systemd unit passes systemd-analyze verify and does not restart on a configuration error",
    async () => {
      const unit = await fs.readFile(path.join(REPO_ROOT, "deploy/paperboy.service"), "utf8");
      expect(unit).toMatch(/^Restart=on-failure$/m);
      expect(unit).toMatch(/^RestartPreventExitStatus=2$/m);
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-unit-"));
      try {
        // verify wants ExecStart's binary to exist: point it at this machine's node.
        const file = path.join(dir, "paperboy.service");
        await fs.writeFile(file, unit.replace("/usr/bin/node", process.execPath));
        const res = spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" });
        expect(res.stderr.split("\n").filter((l) => l.includes("paperboy.service"))).toEqual([]);
        expect(res.status).toBe(0);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  );
});

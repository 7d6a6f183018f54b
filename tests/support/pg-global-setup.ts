import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

const SCRIPT = path.join(import.meta.dirname, "pg-cluster.sh");

declare module "vitest" {
  export interface ProvidedContext {
    /** The PostgreSQL the tests use (PAPERBOY_TEST_DATABASE_URL, or a cluster started here), if any. */
    pgUrl: string | undefined;
  }
}

/**
 * Gives the PostgreSQL tests a real database. `.ci/run` starts one and exports
 * PAPERBOY_TEST_DATABASE_URL; a developer who has not gets a temporary cluster started here (when
 * PostgreSQL's binaries are installed) and stopped after the run. In CI a missing database is an
 * error, never a silent skip.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.PAPERBOY_TEST_DATABASE_URL;
  if (given) {
    project.provide("pgUrl", given);
    return undefined;
  }
  const parent = await mkdtemp(path.join(tmpdir(), "paperboy-pg-"));
  // Run as root, the cluster belongs to the `postgres` user, who must be able to reach it.
  await chmod(parent, 0o755);
  const dir = path.join(parent, "cluster");
  try {
    const url = execFileSync("bash", [SCRIPT, "start", dir], { encoding: "utf8", timeout: 120_000 });
    project.provide("pgUrl", url.trim());
  } catch (err) {
    if (process.env.CI === "true") {
      throw new Error(
        `CI=true but no PostgreSQL for the tests: set PAPERBOY_TEST_DATABASE_URL or install postgresql (${(err as Error).message})`,
      );
    }
    process.stderr.write(
      `\n[paperboy] no PostgreSQL for the tests (${(err as Error).message.split("\n")[0]}): the PostgreSQL tests are skipped\n`,
    );
    project.provide("pgUrl", undefined);
    return undefined;
  }
  return async () => {
    try {
      execFileSync("bash", [SCRIPT, "stop", dir], { stdio: "ignore" });
    } catch {
      // A cluster that will not stop is the OS's to clean up with the temp dir.
    }
    await rm(parent, { recursive: true, force: true });
  };
}

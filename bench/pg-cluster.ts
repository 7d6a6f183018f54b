import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const SCRIPT = path.join(import.meta.dirname, "..", "tests", "support", "pg-cluster.sh");

/**
 * The database the store benchmark uses: BENCH_DATABASE_URL (or PAPERBOY_TEST_DATABASE_URL) when
 * given, else a temporary cluster started for the run (tests/support/pg-cluster.sh) and removed after.
 */
export async function benchDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.PAPERBOY_TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };
  const parent = await mkdtemp(path.join(tmpdir(), "paperboy-bench-pg-"));
  await chmod(parent, 0o755);
  const dir = path.join(parent, "cluster");
  const url = execFileSync("bash", [SCRIPT, "start", dir], { encoding: "utf8" }).trim();
  return {
    url,
    stop: async () => {
      execFileSync("bash", [SCRIPT, "stop", dir], { stdio: "ignore" });
      await rm(parent, { recursive: true, force: true });
    },
  };
}

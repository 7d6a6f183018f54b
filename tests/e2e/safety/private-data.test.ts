import { chmod, copyFile, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Ledger } from "../../../src/delivery/ledger.ts";
import { openStore } from "../../../src/store/open.ts";
import { allText, applyAndConfirm, type Harness, harness, pm } from "../../core/apply/support.ts";
import { testIssue } from "../../delivery/helpers/issue.ts";
import { cleanEnv, runCli } from "../../support/run-cli.ts";

const mode = async (p: string) => (await stat(p)).mode & 0o777;

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe("private by default", () => {
  it("the data dir is 0700 and its files 0600, also after atomic rewrites; doctor warns about loose modes", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "paperboy-modes-"));
    dirs.push(root);
    const dir = path.join(root, "data");
    const old = process.umask(0o022);
    try {
      const store = await openStore(dir);
      await store.putIssue(testIssue("2026-01-08"));
      await store.setSetting("a", 1);
      await store.setSetting("a", 2);
      const ledger = await Ledger.open(dir, "2026-01-08-evening");
      await ledger.close();
      await store.close();
    } finally {
      process.umask(old);
    }
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(path.join(dir, "paperboy.json"))).toBe(0o600);
    expect(await mode(path.join(dir, "issues", "2026-01-08-evening.json"))).toBe(0o600);
    expect(await mode(path.join(dir, "ledger", "2026-01-08-evening.jsonl"))).toBe(0o600);

    const quiet = await runCli(["doctor"], { env: cleanEnv({ PAPERBOY_DATA_DIR: dir }) });
    expect(quiet.stdout + quiet.stderr).not.toMatch(/can be read by other users/);
    await chmod(path.join(dir, "paperboy.json"), 0o644);
    const loud = await runCli(["doctor"], { env: cleanEnv({ PAPERBOY_DATA_DIR: dir }) });
    expect(loud.stdout + loud.stderr).toMatch(/can be read by other users.*chmod -R go-rwx/s);
  });

  it("/forget also reaches backups and migration copies", async () => {
    h = await harness("file");
    const id = await applyAndConfirm(h.apps);
    const dataDir = h.config.dataDir;
    // A migration copy as the store keeps it, taken while the application was on file.
    await copyFile(path.join(dataDir, "paperboy.json"), path.join(dataDir, "paperboy.json.v1.bak"));
    expect(await readFile(path.join(dataDir, "paperboy.json.v1.bak"), "utf8")).toContain("13812345678");
    expect(allText(await h.send(pm("/forget")))).toContain(`#${id}`);
    expect(await readFile(path.join(dataDir, "paperboy.json"), "utf8")).not.toContain("13812345678");
    expect(await readFile(path.join(dataDir, "paperboy.json.v1.bak"), "utf8")).not.toContain("13812345678");
  });
});

import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.ts";
import { StoreError } from "../../src/store/store.ts";

describe("file store write lock", () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "paperboy-lock-")), "data");
  });
  afterEach(async () => {
    await rm(join(dir, ".."), { recursive: true, force: true });
  });

  it("breaks a lock abandoned by a dead process once it is stale", async () => {
    const store = await openStore(dir, { lockStaleMs: 2000 });
    const lockDir = join(dir, "paperboy.lock");
    await mkdir(lockDir);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lockDir, longAgo, longAgo);

    await store.setSetting("written", true);
    expect(JSON.parse(await readFile(join(dir, "paperboy.json"), "utf8")).settings.written).toBe(true);
    await expect(stat(lockDir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("gives up with a StoreError while another live holder keeps the lock, and writes once it is free", async () => {
    const store = await openStore(dir, { lockWaitMs: 300 });
    const before = await readFile(join(dir, "paperboy.json"));
    // Held the way another paperboy process holds it: a fresh lock directory, refreshed while held.
    const release = await lockfile.lock(dir, { lockfilePath: join(dir, "paperboy.lock") });

    const err = await store.setSetting("x", 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/locked by another paperboy process/);
    expect((await readFile(join(dir, "paperboy.json"))).equals(before)).toBe(true);

    await release();
    await store.setSetting("x", 2);
    expect(await (await openStore(dir)).getSetting("x")).toBe(2);
  });

  it("is not needed to open a current data file, so a reader never waits on a writer", async () => {
    await openStore(dir);
    const release = await lockfile.lock(dir, { lockfilePath: join(dir, "paperboy.lock") });
    try {
      const reader = await openStore(dir, { lockWaitMs: 100 });
      expect(await reader.listChats()).toEqual([]);
    } finally {
      await release();
    }
  });

  it("ignores a half-written temp file left by a crash", async () => {
    await openStore(dir);
    await writeFile(join(dir, ".paperboy.json.tmp"), '{"version": 1, "chats": {"tel');
    const store = await openStore(dir);
    await store.setSetting("after", "crash");
    expect(await (await openStore(dir)).getSetting("after")).toBe("crash");
  });
});

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import lockfile from "proper-lockfile";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FileStore } from "../../src/store/file-store.ts";
import type { DirLock } from "../../src/store/lock.ts";
import { openStore } from "../../src/store/open.ts";
import { StoreError } from "../../src/store/store.ts";

/** A logger whose `lost` settles once the store logs that its lock was lost. */
function watchingLogger() {
  let seen!: () => void;
  const lost = new Promise<void>((resolve) => {
    seen = resolve;
  });
  const log = pino(
    { level: "error" },
    {
      write(line: string) {
        if (line.includes("store lock was lost")) seen();
      },
    },
  );
  return { log, lost };
}

describe("a store whose write lock is lost while held", () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "paperboy-lost-")), "data");
  });
  afterEach(async () => {
    await rm(join(dir, ".."), { recursive: true, force: true });
  });

  it("stops writing: later writes reject with a StoreError naming the lock, and the file stays as it was", async () => {
    const { log, lost } = watchingLogger();
    const store = (await openStore(dir, { lockStaleMs: 2000, log })) as FileStore;
    await store.setSetting("before", 1);
    const lockDir = join(dir, "paperboy.lock");
    // The store's own lock, held the way a long write holds it (a stalled event loop, a slow disk).
    const lock = (store as unknown as { lock: DirLock }).lock;
    let stolen: (() => Promise<void>) | undefined;
    await lock.run(async () => {
      // Meanwhile another process breaks it and takes it (as it would after `staleMs`).
      await rm(lockDir, { recursive: true });
      stolen = await lockfile.lock(dir, { lockfilePath: lockDir, stale: 2000 });
      // proper-lockfile notices at its next refresh (within staleMs / 2).
      await lost;
    });
    const onDisk = await readFile(join(dir, "paperboy.json"), "utf8");

    const err = await store.setSetting("after", 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain(lockDir);
    expect((err as Error).message).toMatch(/lost while held/);
    // Refused at once, not after waiting for the other holder; and still refused once it is free.
    await stolen?.();
    await expect(store.setSetting("later", 3)).rejects.toThrow(/write lock .* was lost/);
    expect(await readFile(join(dir, "paperboy.json"), "utf8")).toBe(onDisk);
    // Reading goes on, and a store opened afresh (a restarted bot) writes again.
    expect(await store.getSetting("before")).toBe(1);
    await store.close();
    const restarted = await openStore(dir, { lockStaleMs: 2000 });
    await restarted.setSetting("after", 2);
    expect(await restarted.getSetting("after")).toBe(2);
    await restarted.close();
  });
});

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/store.ts";
import { spawnWorker, type Worker } from "./support/spawn-worker.ts";

/** The bot and the CLI share one data dir: these tests run a real second process against it. */
describe("file store shared by two processes", () => {
  let dir: string;
  let store: Store | undefined;
  let worker: Worker | undefined;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "paperboy-2p-")), "data");
  });
  afterEach(async () => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill("SIGKILL");
      await worker.exited;
    }
    worker = undefined;
    await store?.close();
    store = undefined;
    await rm(join(dir, ".."), { recursive: true, force: true });
  });

  it("keeps every change when both processes write at the same time", async () => {
    const rounds = 40;
    store = await openStore(dir, { lockStaleMs: 2000 });
    const mine = store;
    worker = spawnWorker(["race", dir, "child", String(rounds)]);
    await worker.waitForLine((l) => l === "ready");
    worker.child.stdin?.write("go\n");

    const counters = mine.collection<{ id: string; n: number }>("counters");
    for (let i = 0; i < rounds; i++) {
      await mine.upsertChat({ id: `console:parent-${i}`, platform: "console", kind: "group" });
      await counters.update("shared", (cur) => ({ id: "shared", n: (cur?.n ?? 0) + 1 }));
      await mine.setSetting("last-parent", i);
    }
    await worker.waitForLine((l) => l === "done");
    expect(await worker.exited).toBe(0);

    // Seen through the store this process had open all along, and through a fresh one.
    for (const s of [mine, await openStore(dir)]) {
      const ids = (await s.listChats()).map((c) => c.id);
      expect(ids).toHaveLength(2 * rounds);
      expect(ids.filter((id) => id.startsWith("console:child-"))).toHaveLength(rounds);
      expect(await s.collection<{ id: string; n: number }>("counters").get("shared")).toEqual({
        id: "shared",
        n: 2 * rounds,
      });
      expect(await s.getSetting("last-child")).toBe(rounds - 1);
      expect(await s.getSetting("last-parent")).toBe(rounds - 1);
      expect((await s.getIssue("2024-03-09"))?.title).toBe("child's issue");
    }
  });

  it("shows an issue imported by another process to a store already open, and never writes it away", async () => {
    store = await openStore(dir);
    await store.upsertChat({ id: "telegram:-1001", platform: "telegram", kind: "group" });
    expect(await store.latestIssue("2024-12-31")).toBeUndefined();

    worker = spawnWorker(["import", dir, "2024-03-05"]);
    expect(await worker.exited).toBe(0);

    expect((await store.latestIssue("2024-12-31"))?.title).toBe("imported 2024-03-05");
    expect((await store.listIssues()).map((s) => s.date)).toEqual(["2024-03-05"]);
    // The bot writes after the import, from its older copy: the import must survive that.
    await store.upsertChat({ id: "telegram:-1001", platform: "telegram", kind: "group", title: "renamed" });
    await store.setSetting("paused", false);
    const onDisk = JSON.parse(await readFile(join(dir, "paperboy.json"), "utf8"));
    expect(Object.keys(onDisk.issues)).toEqual(["2024-03-05-evening"]);
    expect(onDisk.chats["telegram:-1001"].title).toBe("renamed");
  });

  it("leaves a whole, readable file when a writer is killed, and breaks the lock it left behind", async () => {
    worker = spawnWorker(["churn", dir]);
    const line = await worker.waitForLine((l) => /^wrote (2\d|[3-9]\d)$/.test(l));
    worker.child.kill("SIGKILL");
    expect(await worker.exited).toBe("SIGKILL");
    const lastReported = Number(line.split(" ")[1]);

    const text = await readFile(join(dir, "paperboy.json"), "utf8");
    expect(() => JSON.parse(text)).not.toThrow();
    store = await openStore(dir, { lockStaleMs: 2000 });
    expect(await store.getSetting<number>("churn")).toBeGreaterThanOrEqual(lastReported);
    const title = (await store.getChat("console:churn"))?.title ?? "";
    expect(title.length % 97).toBe(0);
    // Writing needs the lock, which the killed process may still have held.
    await store.setSetting("after-crash", true);
    expect(await (await openStore(dir)).getSetting("after-crash")).toBe(true);
  });
});

import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAudit, listAudit } from "../../../src/core/audit.ts";
import { AuditLog } from "../../../src/store/audit-log.ts";
import { openStore } from "../../../src/store/open.ts";

describe("the audit log lives in its own append-only file", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "paperboy-audit-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const record = (i: number, allowed = true) => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
    who: `telegram:${i % 50}`,
    chatId: "telegram:1",
    what: `pause ${i}`,
    allowed,
  });

  it("store writes do not grow with the audit log: the main file stays the same size", async () => {
    const store = await openStore(dir);
    await store.setSetting("x", 1);
    const before = (await stat(path.join(dir, "paperboy.json"))).size;
    for (let i = 0; i < 3000; i++) await appendAudit(store, record(i));
    await store.setSetting("x", 2);
    const after = (await stat(path.join(dir, "paperboy.json"))).size;
    expect(after).toBe(before);
    expect(await readFile(path.join(dir, "paperboy.json"), "utf8")).not.toContain("pause 1");
    expect((await readFile(path.join(dir, "audit.jsonl"), "utf8")).trim().split("\n")).toHaveLength(3000);
    expect((await listAudit(store)).at(-1)?.what).toBe("pause 2999");
    await store.close();
  });

  it("a sender hammering a refused command leaves a handful of lines, with the count", async () => {
    const store = await openStore(dir);
    for (let i = 0; i < 1000; i++)
      await appendAudit(store, { ...record(i, false), who: "telegram:666", what: "push" });
    const lines = await listAudit(store);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines.at(-1)?.repeated).toBe(1000);
    await store.close();
  });

  it("rotates past its size limit and keeps a bounded number of old files", async () => {
    const log = new AuditLog(dir, { maxBytes: 2000, keep: 2 });
    for (let i = 0; i < 200; i++) await log.append(record(i));
    const kept = await log.list<{ what: string }>();
    expect(kept.length).toBeLessThan(200);
    expect(kept.at(-1)?.what).toBe("pause 199");
    expect((await stat(path.join(dir, "audit.jsonl"))).mode & 0o077).toBe(0);
    await expect(stat(path.join(dir, "audit.3.jsonl"))).rejects.toThrow();
  });

  it("audit records an earlier version kept in the main file move out on open", async () => {
    const first = await openStore(dir);
    await first.close();
    const file = path.join(dir, "paperboy.json");
    const main = JSON.parse(await readFile(file, "utf8"));
    main.collections.audit = { a: { id: "a", ...record(1) }, b: { id: "b", ...record(2) } };
    await writeFile(file, JSON.stringify(main));
    const store = await openStore(dir);
    expect((await listAudit(store)).map((r) => r.id)).toEqual(["a", "b"]);
    expect(JSON.parse(await readFile(file, "utf8")).collections.audit).toBeUndefined();
    await store.close();
  });
});

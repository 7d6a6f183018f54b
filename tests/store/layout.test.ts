import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.ts";
import { StoreError } from "../../src/store/store.ts";
import { makeIssue } from "./fixtures.ts";

describe("file store layout on disk", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "paperboy-layout-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("creates a missing data dir with a versioned, empty data file", async () => {
    const dir = join(root, "deep", "data");
    await openStore(dir);
    expect(JSON.parse(await readFile(join(dir, "paperboy.json"), "utf8"))).toEqual({
      checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
      version: 1,
      issues: {},
      chats: {},
      settings: {},
      collections: {},
    });
    expect((await stat(join(dir, "issues"))).isDirectory()).toBe(true);
  });

  it("keeps each issue in its own file and only its summary in the data file", async () => {
    const dir = join(root, "data");
    const store = await openStore(dir, { now: () => new Date("2024-03-05T12:00:00Z") });
    const issue = makeIssue();
    await store.putIssue(issue);
    const file = JSON.parse(await readFile(join(dir, "issues", "2024-03-05-evening.json"), "utf8"));
    expect(file).toEqual({ version: 1, importedAt: "2024-03-05T12:00:00.000Z", issue });
    const mainText = await readFile(join(dir, "paperboy.json"), "utf8");
    expect(JSON.parse(mainText).issues).toEqual({
      "2024-03-05-evening": {
        date: "2024-03-05",
        edition: "evening",
        title: issue.title,
        sections: ["ecommerce", "view"],
        importedAt: "2024-03-05T12:00:00.000Z",
      },
    });
    expect(mainText).not.toContain("泡法");
  });

  it("re-imports an issue by rewriting its own file and leaving the other issues' files alone", async () => {
    const dir = join(root, "data");
    const store = await openStore(dir);
    await store.putIssue(makeIssue({ date: "2024-03-04" }));
    await store.putIssue(makeIssue({ date: "2024-03-05" }));
    const other = await stat(join(dir, "issues", "2024-03-04-evening.json"), { bigint: true });
    await store.putIssue(makeIssue({ date: "2024-03-05", title: "again" }));
    const after = await stat(join(dir, "issues", "2024-03-04-evening.json"), { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([other.ino, other.mtimeNs]);
  });

  it("lets two stores open on one dir in one process see and keep each other's writes", async () => {
    const dir = join(root, "data");
    const a = await openStore(dir);
    const b = await openStore(dir);
    expect(await b.getIssue("2024-03-05")).toBeUndefined();
    await a.putIssue(makeIssue());
    expect((await b.getIssue("2024-03-05"))?.title).toBe(makeIssue().title);
    const bump = (s: typeof a) =>
      s
        .collection<{ id: string; n: number }>("counters")
        .update("c", (cur) => ({ id: "c", n: (cur?.n ?? 0) + 1 }));
    await Promise.all(Array.from({ length: 30 }, (_, i) => bump(i % 2 ? a : b)));
    expect(await a.collection("counters").get("c")).toEqual({ id: "c", n: 30 });
    expect(await b.listIssues()).toHaveLength(1);
  });

  it("keeps top-level keys it does not know when it rewrites the data file", async () => {
    const dir = join(root, "data");
    await mkdir(dir);
    await writeFile(join(dir, "paperboy.json"), JSON.stringify({ version: 1, notes: { by: "operator" } }));
    const store = await openStore(dir);
    await store.setSetting("paused", true);
    const onDisk = JSON.parse(await readFile(join(dir, "paperboy.json"), "utf8"));
    expect(onDisk.notes).toEqual({ by: "operator" });
    expect(onDisk.settings).toEqual({ paused: true });
  });

  it("explains a data dir that cannot be created", async () => {
    const file = join(root, "a-file");
    await writeFile(file, "");
    await expect(openStore(join(file, "data"))).rejects.toThrow(StoreError);
    await expect(openStore(join(file, "data"))).rejects.toThrow(/cannot create the data dir/);
  });

  it("does not rewrite the data file when an update hands the record back unchanged", async () => {
    const dir = join(root, "data");
    const store = await openStore(dir);
    const apps = store.collection<{ id: string; step: number }>("applications");
    await apps.put({ id: "a", step: 1 });
    const before = await stat(join(dir, "paperboy.json"), { bigint: true });
    expect(await apps.update("a", (cur) => cur)).toEqual({ id: "a", step: 1 });
    const after = await stat(join(dir, "paperboy.json"), { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
  });
});

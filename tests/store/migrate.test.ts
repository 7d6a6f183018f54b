import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FileFormat, MAIN_FORMAT, type MainFile, migrate } from "../../src/store/format.ts";
import { openStore } from "../../src/store/open.ts";
import { CorruptStoreError } from "../../src/store/store.ts";

/** A made-up format two versions ahead, to drive the mechanism while version 1 is the only real one. */
const future: FileFormat<MainFile> = {
  ...MAIN_FORMAT,
  version: 3,
  migrations: {
    1: (doc) => ({ ...doc, settings: { ...(doc.settings as object), steps: ["1→2"] } }),
    2: (doc) => {
      const settings = doc.settings as { steps: string[] };
      return { ...doc, settings: { ...settings, steps: [...settings.steps, "2→3"] } };
    },
  },
};

describe("migrate", () => {
  it("returns a current document unchanged", () => {
    const doc = { version: 1, chats: {} };
    expect(migrate(doc, MAIN_FORMAT, "f.json")).toEqual({ doc, fromVersion: 1 });
  });

  it("applies each step in order and sets the version", () => {
    const { doc, fromVersion } = migrate({ version: 1, settings: {} }, future, "f.json");
    expect(fromVersion).toBe(1);
    expect(doc).toEqual({ version: 3, settings: { steps: ["1→2", "2→3"] } });
  });

  it("refuses a newer version, and an older one with no path forward", () => {
    expect(() => migrate({ version: 4 }, future, "f.json")).toThrow(CorruptStoreError);
    expect(() => migrate({ version: 0 }, future, "f.json")).toThrow(/f\.json: version 0 is too old/);
  });
});

describe("file store migration on open", () => {
  let dir: string;
  let main: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "paperboy-migrate-")), "data");
    main = join(dir, "paperboy.json");
    await mkdir(dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(join(dir, ".."), { recursive: true, force: true });
  });

  it("migrates an older data file after keeping its original bytes as a backup", async () => {
    const original = `${JSON.stringify({ version: 1, settings: { paused: true } })}\n`;
    await writeFile(main, original);
    const store = await openStore(dir, { mainFormat: future });
    expect(await store.getSetting("steps")).toEqual(["1→2", "2→3"]);
    expect(await store.getSetting("paused")).toBe(true);
    expect(JSON.parse(await readFile(main, "utf8")).version).toBe(3);
    expect(await readFile(join(dir, "paperboy.json.v1.bak"), "utf8")).toBe(original);
    // A second open has nothing to migrate and keeps the first backup.
    await openStore(dir, { mainFormat: future });
    expect(await readFile(join(dir, "paperboy.json.v1.bak"), "utf8")).toBe(original);
  });

  it("opens a current data file without rewriting it", async () => {
    await openStore(dir);
    const before = await stat(main, { bigint: true });
    const store = await openStore(dir);
    await store.listChats();
    const after = await stat(main, { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
  });
});

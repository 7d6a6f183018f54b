import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.ts";
import { CorruptStoreError, type Store, StoreError } from "../../src/store/store.ts";
import { makeIssue } from "./fixtures.ts";

describe("file store refuses files it cannot read as its own, and never writes over them", () => {
  let dir: string;
  let main: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "paperboy-corrupt-")), "data");
    main = join(dir, "paperboy.json");
  });
  afterEach(async () => {
    await rm(join(dir, ".."), { recursive: true, force: true });
  });

  const cases: [string, string, RegExp][] = [
    ["is cut off mid-way", '{"version": 1, "chats": {"telegram:1": {', /is not valid JSON/],
    ["is empty", "", /is not valid JSON/],
    ["is a JSON array", "[]", /expected a JSON object, found an array/],
    ["has no version", '{"chats": {}}', /no valid `version` field/],
    [
      "comes from a newer paperboy",
      '{"version": 2, "chats": {}}',
      /version 2 was written by a newer paperboy/,
    ],
    [
      "has a chat of an unknown platform",
      JSON.stringify({
        version: 1,
        chats: {
          "telegram:1": { id: "telegram:1", platform: "fax", kind: "group", createdAt: "x", updatedAt: "x" },
        },
      }),
      /not a valid data file: chats\.telegram:1\.platform/,
    ],
    [
      "files a chat under another id",
      JSON.stringify({
        version: 1,
        chats: {
          "telegram:2": {
            id: "telegram:1",
            platform: "telegram",
            kind: "group",
            createdAt: "x",
            updatedAt: "x",
          },
        },
      }),
      /chats\.telegram:2: key is not the id telegram:1/,
    ],
  ];

  it.each(cases)(
    "refuses at open a data file that %s, leaving its bytes as they were",
    async (_, text, why) => {
      await mkdir(dir, { recursive: true });
      await writeFile(main, text);
      const before = await readFile(main);

      const err = await openStore(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CorruptStoreError);
      expect((err as Error).message).toContain(main);
      expect((err as Error).message).toMatch(why);
      expect((await readFile(main)).equals(before)).toBe(true);
      // Neither a temp file nor a lock directory is left behind.
      expect(await readdir(dir)).toEqual(expect.not.arrayContaining([".paperboy.json.tmp", "paperboy.lock"]));
    },
  );

  describe("a data file spoiled while the store is open", () => {
    let store: Store;
    const garbage = '{"version": 1, "chats": "not an object"}';

    beforeEach(async () => {
      store = await openStore(dir);
      await store.putIssue(makeIssue());
      await writeFile(main, garbage);
    });
    afterEach(() => store.close());

    it("fails every read with a CorruptStoreError naming the file", async () => {
      for (const read of [
        () => store.getChat("telegram:1"),
        () => store.listChats(),
        () => store.getIssue("2024-03-05"),
        () => store.listIssues(),
        () => store.getSetting("paused"),
        () => store.collection("applications").list(),
      ]) {
        await expect(read()).rejects.toThrow(CorruptStoreError);
      }
      await expect(store.listChats()).rejects.toThrow(main);
    });

    it("fails every write and leaves the file byte for byte as it was", async () => {
      for (const write of [
        () => store.upsertChat({ id: "telegram:1", platform: "telegram", kind: "group" }),
        () => store.setSetting("paused", true),
        () => store.putIssue(makeIssue({ date: "2024-03-06" })),
        () => store.markIssuePushed("2024-03-05", "evening", "2024-03-05T10:00:00Z"),
        () => store.collection<{ id: string }>("applications").put({ id: "a" }),
        () => store.collection<{ id: string }>("applications").update("a", () => ({ id: "a" })),
        () => store.collection("applications").delete("a"),
      ]) {
        await expect(write()).rejects.toThrow(CorruptStoreError);
      }
      expect(await readFile(main, "utf8")).toBe(garbage);
      expect(await readdir(join(dir, "issues"))).toEqual(["2024-03-05-evening.json"]);
    });
  });

  describe("a spoiled issue file", () => {
    let store: Store;
    let issueFile: string;

    beforeEach(async () => {
      store = await openStore(dir);
      await store.putIssue(makeIssue({ date: "2024-03-04" }));
      await store.putIssue(makeIssue({ date: "2024-03-05" }));
      issueFile = join(dir, "issues", "2024-03-05-evening.json");
    });
    afterEach(() => store.close());

    it("is refused when read and when replaced, and the other issues still work", async () => {
      const spoiled = '{"version": 1, "importedAt": "x", "issue": {"date": "2024-03-05"}}';
      await writeFile(issueFile, spoiled);
      await expect(store.getIssue("2024-03-05")).rejects.toThrow(CorruptStoreError);
      await expect(store.getIssue("2024-03-05")).rejects.toThrow(issueFile);
      await expect(store.latestIssue("2024-03-05")).rejects.toThrow(/not a valid issue file: issue\.title/);
      await expect(store.putIssue(makeIssue({ date: "2024-03-05" }))).rejects.toThrow(CorruptStoreError);
      expect(await readFile(issueFile, "utf8")).toBe(spoiled);
      expect((await store.getIssue("2024-03-04"))?.date).toBe("2024-03-04");
      expect((await store.latestIssue("2024-03-04"))?.date).toBe("2024-03-04");
    });

    it("is reported missing when the index lists it but the file is gone", async () => {
      await rm(issueFile);
      await expect(store.getIssue("2024-03-05")).rejects.toThrow(/is missing, but .*paperboy\.json lists it/);
    });
  });

  describe("bad values from callers", () => {
    let store: Store;
    beforeEach(async () => {
      store = await openStore(dir);
      await store.setSetting("kept", 1);
    });
    afterEach(() => store.close());

    it("are refused with a StoreError before anything is written, and the store keeps working", async () => {
      const before = await readFile(main);
      await expect(store.setSetting("big", { n: 10n })).rejects.toThrow(StoreError);
      await expect(store.setSetting("__proto__", { polluted: true })).rejects.toThrow(StoreError);
      await expect(store.collection<{ id: string }>("apps").put({ id: 7 } as never)).rejects.toThrow(
        StoreError,
      );
      await expect(
        store.upsertChat({
          id: "telegram:1",
          platform: "telegram",
          kind: "group",
          sections: "some" as never,
        }),
      ).rejects.toThrow(/not a valid chat: sections/);
      await expect(store.putIssue({ ...makeIssue(), sections: [] })).rejects.toThrow(/not a valid issue/);
      expect((await readFile(main)).equals(before)).toBe(true);
      await store.setSetting("after", 2);
      expect(await store.getSetting("kept")).toBe(1);
      expect(await store.getSetting("after")).toBe(2);
    });
  });
});

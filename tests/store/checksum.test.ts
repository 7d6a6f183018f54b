import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encode, MAIN_FORMAT, type MainFile } from "../../src/store/format.ts";
import { openStore } from "../../src/store/open.ts";
import { CorruptStoreError } from "../../src/store/store.ts";

const CHAT = { id: "telegram:-1001", platform: "telegram", kind: "group", title: "读者群" } as const;

describe("the data file's checksum: a file paperboy wrote is trusted, anything else is checked in full", () => {
  let dir: string;
  let main: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "paperboy-checksum-")), "data");
    main = join(dir, "paperboy.json");
    const store = await openStore(dir);
    await store.upsertChat(CHAT);
    await store.close();
  });
  afterEach(async () => {
    await rm(join(dir, ".."), { recursive: true, force: true });
  });

  it("is the first key of the file and reads back what was written", async () => {
    const text = await readFile(main, "utf8");
    expect(text).toMatch(/^\{\n {2}"checksum": "[0-9a-f]{64}",\n {2}"version": 1,/);
    const store = await openStore(dir);
    expect(await store.getChat(CHAT.id)).toMatchObject({ ...CHAT, state: "active", subscribed: true });
    await store.close();
  });

  it("does not vouch for a hand edit: a bad value is refused at open and the file left as it was", async () => {
    const edited = (await readFile(main, "utf8")).replace('"kind": "group"', '"kind": "fax"');
    await writeFile(main, edited);
    await expect(openStore(dir)).rejects.toThrow(CorruptStoreError);
    await expect(openStore(dir)).rejects.toThrow(/not a valid data file: chats\.telegram:-1001\.kind/);
    expect(await readFile(main, "utf8")).toBe(edited);
  });

  it("a good hand edit is read, checked, and written back with a fresh checksum", async () => {
    const edited = (await readFile(main, "utf8")).replace('"title": "读者群"', '"title": "改名的群"');
    await writeFile(main, edited);
    const store = await openStore(dir);
    expect((await store.getChat(CHAT.id))?.title).toBe("改名的群");
    await store.setSetting("touched", true);
    await store.close();
    const text = await readFile(main, "utf8");
    expect(text).not.toBe(edited);
    expect(text.match(/"checksum"/g)).toHaveLength(1);
    const again = await openStore(dir);
    expect((await again.getChat(CHAT.id))?.title).toBe("改名的群");
    expect(await again.getSetting("touched")).toBe(true);
    await again.close();
  });

  it("a file vouched for under another schema (another paperboy) is checked in full, not trusted", async () => {
    const data = JSON.parse(await readFile(main, "utf8")) as MainFile & { checksum?: string };
    delete data.checksum;
    const bad = {
      ...data,
      chats: { [CHAT.id]: { ...data.chats[CHAT.id], kind: "fax" } },
    } as unknown as MainFile;
    // Well formed for a format whose schema says nothing: its checksum is not one this paperboy makes.
    const other = { ...MAIN_FORMAT, schema: MAIN_FORMAT.schema.meta({ other: true }) } as typeof MAIN_FORMAT;
    await writeFile(main, encode(bad, other));
    await expect(openStore(dir)).rejects.toThrow(/not a valid data file: chats\.telegram:-1001\.kind/);
  });

  it("a torn checksum line is not trusted either", async () => {
    const text = await readFile(main, "utf8");
    await writeFile(
      main,
      text
        .replace(/"checksum": "([0-9a-f]{63})[0-9a-f]"/, '"checksum": "$10"')
        .replace('"kind": "group"', '"kind": 7'),
    );
    await expect(openStore(dir)).rejects.toThrow(CorruptStoreError);
  });
});

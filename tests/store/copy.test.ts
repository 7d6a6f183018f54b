import { createHash } from "node:crypto";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Ledger } from "../../src/delivery/ledger.ts";
import { openStore } from "../../src/store/open.ts";
import { PostgresStore } from "../../src/store/postgres/index.ts";
import { sessionSetting } from "../../src/store/sessions.ts";
import { dropSchemas, freshSchema, pgUrl } from "../support/pg.ts";
import { cleanEnv, runCli, tempDataDir } from "../support/run-cli.ts";
import { makeIssue } from "./fixtures.ts";

const schemas: string[] = [];
const dirs: string[] = [];
afterAll(async () => {
  if (pgUrl) await dropSchemas(pgUrl, schemas);
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Every file under `dir` with its content hash and mtime: "untouched" means this does not change. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await readdir(dir, { recursive: true })) {
    const p = path.join(dir, String(f));
    const st = await stat(p);
    if (!st.isFile()) continue;
    out[String(f)] = `${createHash("sha1")
      .update(await readFile(p))
      .digest("hex")} ${st.mtimeMs}`;
  }
  return out;
}

describe.skipIf(!pgUrl)("paperboy store copy --to postgres://…", () => {
  it("moves issues, chats, settings, collections and ledgers into the database, verifies the counts and leaves the files untouched", async () => {
    const dataDir = path.join(await tempDataDir(), "data");
    dirs.push(path.dirname(dataDir));
    const files = await openStore(dataDir);
    await files.putIssue(makeIssue({ date: "2024-03-04" }));
    await files.putIssue(makeIssue({ date: "2024-03-05", title: "pushed one" }));
    await files.markIssuePushed("2024-03-05", "evening", "2024-03-05T10:00:00.000Z");
    for (let i = 0; i < 25; i++)
      await files.upsertChat({ id: `telegram:-${100 + i}`, platform: "telegram", kind: "group" });
    await files.upsertChat({ id: "wechat:R1@chatroom", platform: "wechat", kind: "group", state: "paused" });
    await files.setSetting("paused", false);
    await files.setSetting("lastReport", { sent: 3 });
    await files
      .collection<{ id: string; name: string; answers: object }>("applications")
      .put({ id: "a1", name: "茶叶店", answers: { phone: "138" } });
    await files.collection<{ id: string; step: number }>("dialogues").put({ id: "telegram:42", step: 2 });
    await files.close();
    const ledger = await Ledger.open(dataDir, "2024-03-05-evening");
    const [first] = await ledger.plan([
      {
        chatId: "telegram:-100",
        section: "ecommerce",
        part: 0,
        body: { type: "text", text: "电商快报", format: "plain" },
      },
      {
        chatId: "telegram:-101",
        section: "ecommerce",
        part: 0,
        body: { type: "text", text: "电商快报", format: "plain" },
      },
    ]);
    await ledger.markSent(first?.key ?? "", "m-1");
    await ledger.close();
    // wechaty's session file: it moves too, so the bot on the database logs in without a scan.
    const session = { "\rpuppet\nsession": "secret-cookie" };
    await writeFile(path.join(dataDir, "wechat.memory-card.json"), JSON.stringify(session));
    const before = await snapshot(dataDir);

    const schema = freshSchema("copy");
    schemas.push(schema);
    const env = cleanEnv({ PAPERBOY_DATA_DIR: dataDir });
    const url = (pgUrl as string).replace("postgres://postgres@", "postgres://postgres:hunter2@");
    const run = await runCli(["store", "copy", "--to", url, "--schema", schema], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 issues, 26 chats, 3 settings, 2 records in 2 collections, 1 ledgers");
    expect(run.stdout).toContain("counts verified");
    expect(run.stdout).not.toContain("hunter2");
    expect(await snapshot(dataDir)).toEqual(before);

    const db = await PostgresStore.open({ url: pgUrl as string, schema });
    try {
      expect(await db.listIssues()).toEqual(
        await (async () => {
          const f = await openStore(dataDir);
          const list = await f.listIssues();
          await f.close();
          return list;
        })(),
      );
      expect(await db.getIssue("2024-03-05")).toEqual(makeIssue({ date: "2024-03-05", title: "pushed one" }));
      expect((await db.listChats()).map((c) => c.id)[0]).toBe("telegram:-100");
      expect(await db.listChats({ state: "paused" })).toHaveLength(1);
      expect(await db.getSetting("lastReport")).toEqual({ sent: 3 });
      expect(await db.getSetting(sessionSetting("wechat"))).toEqual(session);
      expect(await db.collection("applications").get("a1")).toEqual({
        id: "a1",
        name: "茶叶店",
        answers: { phone: "138" },
      });
      // The ledger came along: what was sent stays sent, what was pending is still to send.
      const moved = await Ledger.open(dataDir, "2024-03-05-evening", { logs: db.ledgerLogs });
      expect(moved.counts()).toMatchObject({ sent: 1, pending: 1 });
      expect(moved.get(first?.key ?? "")?.messageId).toBe("m-1");
      await moved.close();
    } finally {
      await db.close();
    }

    // A second copy would mix two stores: refused, nothing changed.
    const again = await runCli(["store", "copy", "--to", url, "--schema", schema], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds data/);
    expect(again.stderr).not.toContain("hunter2");
  });
});

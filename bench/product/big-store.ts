/**
 * A data dir as a year of use leaves it: `issues` issues and `chats` group chats, written straight in
 * the file store's layout (one small store made through the Store API is the template, so the
 * shapes are the product's own; making 10,000 chats through the API would rewrite the file 10,000 times),
 * then changed once through the Store so that the file is as paperboy itself writes it.
 */
import { readFile, writeFile } from "node:fs/promises";
import pino from "pino";
import { loadIssueFile } from "../../src/ingest/index.ts";
import { storePaths } from "../../src/store/layout.ts";
import { openStore } from "../../src/store/open.ts";

export async function writeBigStore(dataDir: string, newsletterFile: string, issues: number, chats: number) {
  const template = await loadIssueFile(newsletterFile, { tz: "Asia/Shanghai" });
  const store = await openStore(dataDir, { log: pino({ level: "silent" }) });
  await store.putIssue(template);
  await store.upsertChat({ id: "telegram:-1", platform: "telegram", kind: "group", title: "template" });
  await store.close();
  const paths = storePaths(dataDir);
  const main = JSON.parse(await readFile(paths.main, "utf8"));
  const [issueId, summary] = Object.entries(main.issues)[0] as [string, Record<string, unknown>];
  const issueFile = JSON.parse(await readFile(paths.issue(issueId), "utf8"));
  const chat = main.chats["telegram:-1"];
  main.issues = {};
  main.chats = {};
  const day = Date.parse(`${template.date}T00:00:00Z`);
  for (let i = 0; i < issues; i++) {
    const date = new Date(day - i * 86_400_000).toISOString().slice(0, 10);
    const id = `${date}-evening`;
    // All pushed: the start must not catch up on a push to 10,000 chats in the middle of the timing.
    main.issues[id] = { ...summary, date, pushedAt: `${date}T10:00:00.000Z` };
    await writeFile(paths.issue(id), JSON.stringify({ ...issueFile, issue: { ...issueFile.issue, date } }));
  }
  for (let i = 0; i < chats; i++) {
    const id = `telegram:${-1_000_000_000_000 - i}`;
    main.chats[id] = { ...chat, id, title: `读者群 ${i}` };
  }
  await writeFile(paths.main, JSON.stringify(main));
  // Then one change through the store, as any day of use makes: paperboy checks the file in full and
  // writes it back in its own format (with the checksum a start then trusts, as in a real data dir).
  const reopened = await openStore(dataDir, { log: pino({ level: "silent" }) });
  await reopened.upsertChat({ ...chat, id: `telegram:${-1_000_000_000_000}`, title: "读者群 0" });
  await reopened.close();
}

/**
 * Measures the file store with many chats (not a test; run by hand):
 *   node --import tsx tests/store/support/measure-store.ts [chats=10000]
 */
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../../src/store/open.ts";

const n = Number(process.argv[2] ?? 10_000);
const dir = await mkdtemp(join(tmpdir(), "paperboy-measure-"));
const file = join(dir, "paperboy.json");

// Seeded in one write: inserting them one by one is what is measured below, on a few.
const chats: Record<string, unknown> = {};
for (let i = 0; i < n; i++) {
  const id = `telegram:-100${i}`;
  const at = "2024-03-05T10:00:00.000Z";
  chats[id] = { id, platform: "telegram", kind: "group", title: `卖家群 ${i}`, createdAt: at, updatedAt: at };
}
await writeFile(file, JSON.stringify({ version: 1, chats }));

async function perOp(label: string, times: number, op: (i: number) => Promise<unknown>): Promise<void> {
  const t = performance.now();
  for (let i = 0; i < times; i++) await op(i);
  console.log(`${label}: ${((performance.now() - t) / times).toFixed(2)} ms/op`);
}

let t = performance.now();
const store = await openStore(dir);
console.log(`open with ${n} chats (parse + zod check): ${(performance.now() - t).toFixed(1)} ms`);
await perOp("upsertChat (existing)", 20, (i) =>
  store.upsertChat({ id: `telegram:-100${i}`, platform: "telegram", kind: "group", title: `renamed ${i}` }),
);
await perOp("upsertChat (new)", 20, (i) =>
  store.upsertChat({ id: `telegram:${i}`, platform: "telegram", kind: "private" }),
);
console.log(`data file: ${((await stat(file)).size / 1e6).toFixed(2)} MB`);
await perOp("getChat (unchanged file)", 200, (i) => store.getChat(`telegram:-100${i}`));
await perOp("listChats({ subscribed: true })", 20, () => store.listChats({ subscribed: true }));
const other = await openStore(dir);
await perOp("setSetting here + getSetting in another open store (re-read)", 10, async (i) => {
  await store.setSetting("x", i);
  if ((await other.getSetting("x")) !== i) throw new Error("the other store missed a write");
});
t = performance.now();
await Promise.all(Array.from({ length: 50 }, (_, i) => store.setSetting(`k${i}`, i)));
console.log(`50 concurrent setSetting: ${(performance.now() - t).toFixed(1)} ms`);
await rm(dir, { recursive: true, force: true });

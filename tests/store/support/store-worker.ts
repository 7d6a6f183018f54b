/**
 * A second paperboy process for the store tests: opens its own file store on a data dir and writes
 * through it, reporting progress on stdout one line at a time.
 *
 *   race <dir> <tag> <n>   prints "ready", waits for "go" on stdin, then makes n rounds of changes
 *                          (a chat, a shared counter, a setting), then imports an issue; prints "done"
 *   import <dir> <date>    imports one issue; prints "done"
 *   churn <dir>            rewrites the data file forever, printing "wrote <i>" after each write
 */
import { createInterface } from "node:readline";
import { openStore } from "../../../src/store/open.ts";
import { makeIssue } from "../fixtures.ts";

const [mode, dir, ...rest] = process.argv.slice(2);
if (!mode || !dir) throw new Error("usage: store-worker <mode> <dir> ...");
const store = await openStore(dir, { lockStaleMs: 2000 });

if (mode === "race") {
  const [tag = "child", n = "50"] = rest;
  console.log("ready");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === "go") break;
  lines.close();
  const counters = store.collection<{ id: string; n: number }>("counters");
  for (let i = 0; i < Number(n); i++) {
    await store.upsertChat({
      id: `console:${tag}-${i}`,
      platform: "console",
      kind: "group",
      title: `${tag} ${i}`,
    });
    await counters.update("shared", (cur) => ({ id: "shared", n: (cur?.n ?? 0) + 1 }));
    await store.setSetting(`last-${tag}`, i);
  }
  await store.putIssue(makeIssue({ date: "2024-03-09", title: `${tag}'s issue` }));
  console.log("done");
} else if (mode === "import") {
  const [date = "2024-03-05"] = rest;
  await store.putIssue(makeIssue({ date, title: `imported ${date}` }));
  console.log("done");
} else if (mode === "churn") {
  for (let i = 0; ; i++) {
    // A growing title makes every write a different size, so a torn write could not pass unnoticed.
    await store.upsertChat({
      id: "console:churn",
      platform: "console",
      kind: "group",
      title: "x".repeat(i * 97),
    });
    await store.setSetting("churn", i);
    console.log(`wrote ${i}`);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
await store.close();

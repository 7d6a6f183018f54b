import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Ledger, listLedgers, type PlanEntry } from "../../src/delivery/ledger.ts";

const body = (text: string) => ({ type: "text" as const, text, format: "plain" as const });

function entries(chats: string[], sections = ["headlines", "ecommerce"]): PlanEntry[] {
  return chats.flatMap((chatId) =>
    sections.map((section) => ({ chatId, section, part: 0, body: body(`${section} body`) })),
  );
}

describe("ledger", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "paperboy-ledger-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reloads what was planned and sent, and gives back only the pending records", async () => {
    const l = await Ledger.open(dir, "2026-01-08-evening");
    await l.plan(entries(["telegram:-1", "telegram:-2"]));
    const [a, b] = l.pending();
    await l.markSent(a?.key as string, "m1");
    await l.markFailed(b?.key as string, "BadMarkup: can't parse entities");
    await l.close();

    const again = await Ledger.open(dir, "2026-01-08-evening");
    expect(again.counts()).toEqual({ pending: 2, sent: 1, failed: 1, skipped: 0 });
    expect(again.get(a?.key as string)?.messageId).toBe("m1");
    expect(again.pending().map((r) => r.chatId)).toEqual(["telegram:-2", "telegram:-2"]);
    expect(again.body(again.pending()[0] as never)).toEqual(body("headlines body"));
    expect(await listLedgers(dir)).toEqual(["2026-01-08-evening"]);
    await again.close();
  });

  it("tolerates a line torn by a crash and appends cleanly after it", async () => {
    const l = await Ledger.open(dir, "2026-01-08-evening");
    await l.plan(entries(["telegram:-1"]));
    const [first, second] = l.pending();
    await l.markSent(first?.key as string, "m1");
    await l.close();
    // The process died in the middle of writing the next mark.
    await appendFile(l.file, `{"t":"sent","k":"${second?.key}","m":"m`);

    const again = await Ledger.open(dir, "2026-01-08-evening");
    expect(again.stats.tornLines).toBe(1);
    expect(again.pending().map((r) => r.key)).toEqual([second?.key]);
    await again.markSent(second?.key as string, "m2");
    await again.close();

    const third = await Ledger.open(dir, "2026-01-08-evening");
    expect(third.stats.tornLines).toBe(0);
    expect(third.counts()).toEqual({ pending: 0, sent: 2, failed: 0, skipped: 0 });
    const lines = (await readFile(l.file, "utf8")).trimEnd().split("\n");
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    await third.close();
  });

  it("plans a key once however often the push is planned again", async () => {
    const l = await Ledger.open(dir, "2026-01-08-evening");
    expect(await l.plan(entries(["telegram:-1"]))).toHaveLength(2);
    expect(await l.plan(entries(["telegram:-1", "telegram:-2"]))).toHaveLength(2);
    expect(l.all()).toHaveLength(4);
    await l.close();
  });

  it("never turns a sent record back to pending or failed", async () => {
    const l = await Ledger.open(dir, "2026-01-08-evening");
    await l.plan(entries(["telegram:-1"], ["view"]));
    const key = l.pending()[0]?.key as string;
    await l.markSent(key, "m1");
    await l.markFailed(key, "late failure");
    await l.close();
    const again = await Ledger.open(dir, "2026-01-08-evening");
    expect(again.get(key)).toMatchObject({ state: "sent", messageId: "m1" });
    await again.close();
  });

  it("stores each distinct body once and writes the same few bytes per mark however many chats", async () => {
    const perMark: number[] = [];
    for (const n of [10, 1000]) {
      const l = await Ledger.open(dir, `2026-01-0${n === 10 ? 1 : 2}-evening`, { sync: false });
      await l.plan(entries(Array.from({ length: n }, (_, i) => `telegram:-${100000 + i}`)));
      const before = l.stats.bytes;
      await Promise.all(l.pending().map((r, i) => l.markSent(r.key, String(1000 + i))));
      perMark.push((l.stats.bytes - before) / (2 * n));
      const text = await readFile(l.file, "utf8");
      expect(text.match(/"t":"body"/g)).toHaveLength(2);
      await l.close();
    }
    expect(Math.abs((perMark[1] as number) - (perMark[0] as number))).toBeLessThan(4);
  });
});

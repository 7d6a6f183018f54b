import { expect } from "vitest";
import type { TelegramApi } from "./telegram-api/server.ts";

/**
 * Every group got every section once and in order (each text contains its section's title), with
 * at most one message repeated per group: what a push interrupted by a crash must still achieve.
 * Returns how many duplicates there were in all.
 */
export function expectEveryPartOnce(api: TelegramApi, groups: number[], order: string[]): number {
  let duplicates = 0;
  for (const g of groups) {
    const texts = api.sentTo(g).map((m) => m.text ?? "");
    const distinct = texts.filter((t, i) => i === 0 || t !== texts[i - 1]);
    expect(distinct).toHaveLength(order.length);
    order.forEach((title, i) => {
      expect(distinct[i]).toContain(title);
    });
    expect(texts.length - distinct.length).toBeLessThanOrEqual(1);
    duplicates += texts.length - distinct.length;
  }
  expect(api.sent.length).toBe(groups.length * order.length + duplicates);
  return duplicates;
}

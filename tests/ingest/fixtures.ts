import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of a file under tests/fixtures/issues/. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/issues/${name}`, import.meta.url));
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

/** Absolute path of a file under the repository root (e.g. `data/samples/sample-issue.zh.txt`). */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

/** Options that pin the clock, so tests do not depend on the day they run. */
export const SHANGHAI = { tz: "Asia/Shanghai", now: new Date("2026-06-01T04:00:00Z") };

import { readFileSync } from "node:fs";

/**
 * What package.json says about paperboy, read once: its version (`paperboy --version`) and the
 * Node.js floor in `engines` (the one place the floor is written; bin/paperboy.js, doctor and the
 * README follow it).
 */
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
  engines: { node: string };
};

export const PACKAGE_VERSION = pkg.version;

/** `20.6` from `>=20.6`. */
export const NODE_FLOOR = pkg.engines.node.replace(/^>=\s*/, "");

/** Whether a Node.js version (`20.20.2`) is at or above the floor. */
export function meetsNodeFloor(version: string, floor: string = NODE_FLOOR): boolean {
  const have = version.replace(/^v/, "").split(".").map(Number);
  const need = floor.split(".").map(Number);
  for (let i = 0; i < need.length; i++) {
    const h = have[i] ?? 0;
    const n = need[i] ?? 0;
    if (h !== n) return h > n;
  }
  return true;
}

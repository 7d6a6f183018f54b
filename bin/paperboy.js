#!/usr/bin/env node
// Runs the build in dist/ (made by `npm install`'s prepare step) when it is newer than every source
// file; otherwise (a fresh clone installed with --ignore-scripts, sources edited since the build, or
// PAPERBOY_FROM_SOURCE=1) runs the TypeScript sources through tsx, which compiles them at each start.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.join(import.meta.dirname, "..");
const built = path.join(root, "dist/cli.js");

/** The newest modification time under `dir` (a few hundred files: a couple of milliseconds). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const t = statSync(path.join(entry.parentPath, entry.name)).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function buildIsFresh() {
  if (process.env.PAPERBOY_FROM_SOURCE === "1") return false;
  try {
    return statSync(built).mtimeMs >= newestMtime(path.join(root, "src"));
  } catch {
    return false;
  }
}

if (buildIsFresh()) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli.ts");
}

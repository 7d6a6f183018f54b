#!/usr/bin/env node
// Runs the build in dist/ (made by `npm install`'s prepare step) when it is newer than every source
// file; otherwise (a fresh clone installed with --ignore-scripts, sources edited since the build, or
// PAPERBOY_FROM_SOURCE=1) runs the TypeScript sources through tsx, which compiles them at each start.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Checked before anything else loads: on an older Node the first failure would be an obscure
// syntax or loader error. The floor is package.json's `engines` (plain JS here: tsx is not loaded yet).
const floor = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).engines.node;
const [needMajor, needMinor] = floor
  .replace(/^>=\s*/, "")
  .split(".")
  .map(Number);
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < needMajor || (major === needMajor && minor < (needMinor ?? 0))) {
  process.stderr.write(
    `paperboy: Node.js ${floor.replace(/^>=\s*/, "")} or newer is needed, this is ${process.versions.node}\n`,
  );
  process.exit(2);
}

// Not import.meta.dirname / Dirent.parentPath: both are newer than the Node floor checked above.
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = path.join(root, "dist/cli.js");

/** The newest modification time under `dir` (a few hundred files: a couple of milliseconds). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const t = statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs;
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

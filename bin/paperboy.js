#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step): tsx registers its ESM loader in this process.
import { readFileSync } from "node:fs";

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

const { register } = await import("tsx/esm/api");
register();
await import("../src/cli.ts");

#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step): tsx registers its ESM loader in this process.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");

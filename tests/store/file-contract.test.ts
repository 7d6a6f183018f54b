import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openStore } from "../../src/store/open.ts";
import { storeContract } from "./contract.ts";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

storeContract("file store (lowdb)", async (now) => {
  const dir = await mkdtemp(join(tmpdir(), "paperboy-store-"));
  dirs.push(dir);
  return openStore(join(dir, "data"), { now });
});

import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { PLATFORMS } from "../../src/platforms/registry.ts";
import { REPO_ROOT } from "../support/run-cli.ts";

/** `# NAME=value` lines of .env.example, as a map. */
async function documented(): Promise<Map<string, string>> {
  const text = await fs.readFile(path.join(REPO_ROOT, ".env.example"), "utf8");
  const vars = new Map<string, string>();
  for (const m of text.matchAll(/^# ([A-Z][A-Z0-9_]+)=(.*)$/gm)) vars.set(m[1] ?? "", m[2] ?? "");
  return vars;
}

describe(".env.example", () => {
  it("lists every variable src/config.ts reads", async () => {
    const source = await fs.readFile(path.join(REPO_ROOT, "src/config.ts"), "utf8");
    // config.ts reads the publisher's variables itself and each platform's through its descriptor.
    const read = new Set([
      ...[...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] ?? ""),
      ...PLATFORMS.flatMap((p) => p.env.map((v) => v.name)),
    ]);
    const vars = await documented();
    const missing = [...read].filter((name) => !vars.has(name));
    expect(missing, "add these to .env.example with their default").toEqual([]);
  });

  it("shows the defaults the config really uses", async () => {
    const vars = await documented();
    const env: Record<string, string> = {};
    for (const [k, v] of vars) if (v !== "" && !/^(TELEGRAM_|WECHAT|WECOM_)/.test(k)) env[k] = v;
    const c = loadConfig(env);
    const d = loadConfig({});
    expect({ ...c, dataDir: "" }).toEqual({ ...d, dataDir: "" });
    expect(c.dataDir).toBe(d.dataDir);
  });
});

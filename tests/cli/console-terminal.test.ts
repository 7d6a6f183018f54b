import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { exited } from "../support/child.ts";
import { CLI, cleanEnv, REPO_ROOT, tempDataDir } from "../support/run-cli.ts";

// util-linux `script` runs the bot on a real pseudo-terminal, so stdin.isTTY is true in the child, as
// when an operator types `npm start`. It is part of every Debian (bsdutils is essential).
const hasScript = spawnSync("script", ["--version"]).status === 0;

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

const PROMPT = "paperboy> ";
const UP_ARROW = "\u001b[A";
const CTRL_D = "\u0004";

describe.skipIf(!hasScript)("the console chat on a terminal", () => {
  it("shows a prompt, recalls the last line with the Up arrow, and quits on Ctrl-D", async () => {
    const dir = await tempDataDir();
    dirs.push(dir);
    const command = [process.execPath, CLI, "start"].map((a) => JSON.stringify(a)).join(" ");
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: REPO_ROOT,
      env: cleanEnv({ PAPERBOY_DATA_DIR: dir, TERM: "xterm" }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    const waiters: { test: () => boolean; resolve: () => void }[] = [];
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      screen += d;
      for (const w of waiters.splice(0)) {
        if (w.test()) w.resolve();
        else waiters.push(w);
      }
    });
    const count = (s: string) => screen.split(s).length - 1;
    const until = (test: () => boolean) =>
      new Promise<void>((resolve) => (test() ? resolve() : waiters.push({ test, resolve })));
    const done = exited(child);

    await until(() => count(PROMPT) >= 1);
    child.stdin.write("/help\r");
    await until(() => count("【老高电商快报】") >= 1 && count(PROMPT) >= 2);
    // In terminal mode the arrow edits the line (history) instead of arriving as the text `^[[A`.
    child.stdin.write(`${UP_ARROW}\r`);
    await until(() => count("【老高电商快报】") >= 2 && count(PROMPT) >= 3);
    child.stdin.write(CTRL_D);
    const { code } = await done;

    expect(code).toBe(0);
    expect(screen).not.toContain("没听懂");
    expect(screen).not.toContain("^[[A");
  });
});

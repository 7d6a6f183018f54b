import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TINY_PNG } from "../support/images.ts";
import { cleanEnv, runCli, tempDataDir } from "../support/run-cli.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

/** A short issue in the editors' format, written for this test, with the images under test. */
function issueWith(images: string[]): string {
  return [
    "#Safety Test Daily# [Evening News on March 4] 1. A lamp shop opens; 2. Parcels get faster.",
    ...images.map((src, i) => `![pic ${i}](${src})`),
    "E-commerce newsletter:",
    "1. A lamp shop opens",
    "A small lamp shop opened a second store. (Source: Test Wire)",
    "2. Parcels get faster",
    "Couriers said parcels now arrive a day earlier. (Source: Test Wire)",
  ].join("\n");
}

describe("images are checked at import", () => {
  it("import names every image it refuses and why, and the issue still imports", async () => {
    const dir = await tempDataDir();
    dirs.push(dir);
    await fs.mkdir(path.join(dir, "images", "upload", "img", "20180304"), { recursive: true });
    await fs.writeFile(path.join(dir, "images", "upload", "img", "20180304", "ok.png"), TINY_PNG);
    await fs.writeFile(path.join(dir, "images", "fake.png"), "this is text, not a picture");
    await fs.symlink("/etc/passwd", path.join(dir, "images", "passwd.jpg"));
    const file = path.join(dir, "issue.txt");
    await fs.writeFile(
      file,
      issueWith([
        "/upload/img/20180304/ok.png",
        "paperboy.json",
        "/wechat.memory-card.json",
        "../paperboy.json",
        "fake.png",
        "passwd.jpg",
        "https://elsewhere.example/a.png",
      ]),
    );
    const env = cleanEnv({ PAPERBOY_DATA_DIR: dir, PAPERBOY_IMAGE_HOSTS: "cdn.example.com" });
    const imported = await runCli(["import", file, "--date", "2018-03-04"], { env });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/imported 2018-03-04 evening/);
    expect(imported.stderr).toContain("6 image(s) will not be sent");
    expect(imported.stderr).toMatch(/paperboy\.json: file not found in the image folder/);
    expect(imported.stderr).toMatch(/\/wechat\.memory-card\.json: file not found in the image folder/);
    expect(imported.stderr).toMatch(/\.\.\/paperboy\.json: outside the image folder/);
    expect(imported.stderr).toMatch(/fake\.png: not a picture by its content/);
    expect(imported.stderr).toMatch(/passwd\.jpg: a link that leads out of the image folder/);
    expect(imported.stderr).toMatch(/elsewhere\.example\/a\.png: host elsewhere\.example is not allowed/);
    expect(imported.stderr).not.toMatch(/ok\.png:/);
    const status = await runCli(["status"], { env });
    expect(status.stdout).toContain("2018-03-04");
  });

  it("an issue over PAPERBOY_MAX_ISSUE_MB is refused with its size and the limit, and nothing is stored", async () => {
    const dir = await tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, "big.txt");
    await fs.writeFile(file, `${issueWith([])}\n${"filler text. ".repeat(20_000)}`);
    const env = cleanEnv({ PAPERBOY_DATA_DIR: dir, PAPERBOY_MAX_ISSUE_MB: "0.1" });
    const imported = await runCli(["import", file, "--date", "2018-03-04"], { env });
    expect(imported.code).not.toBe(0);
    expect(imported.stderr).toMatch(/the file is 0\.25 MB, over the 0\.10 MB limit for an issue/);
    expect(imported.stderr).toContain("nothing was stored");
    await expect(fs.readdir(path.join(dir, "issues"))).rejects.toThrow();
  });

  it("deeply nested JSON gets a clear error, not a stack overflow", async () => {
    const dir = await tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, "deep.json");
    await fs.writeFile(file, `{"title":"x","sections":${"[".repeat(200_000)}${"]".repeat(200_000)}}`);
    const imported = await runCli(["import", file, "--date", "2018-03-04"], {
      env: cleanEnv({ PAPERBOY_DATA_DIR: dir }),
    });
    expect(imported.code).not.toBe(0);
    expect(imported.stderr).toMatch(/nested 200001 levels deep/);
    expect(imported.stderr).not.toMatch(/Maximum call stack|RangeError/);
  });
});

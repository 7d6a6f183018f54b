import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { Incoming } from "../../src/core/ports/index.ts";
import { requestDeskLink } from "../../src/delivery/control.ts";
import { renderConsole } from "../../src/platforms/console/render.ts";
import { MemoryStore } from "../../src/store/memory.ts";

let app: App | undefined;
let dir = "";
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}) {
  dir = await mkdtemp(path.join(tmpdir(), "paperboy-desk-link-"));
  const config = loadConfig({
    PAPERBOY_DATA_DIR: dir,
    PAPERBOY_ADMINS: "telegram:7,wechat:wxid_boss",
    ...env,
  });
  app = await createApp(config, {
    store: new MemoryStore(),
    log: pino({ level: "silent" }),
    desk: { host: "127.0.0.1", port: 0 },
  });
  await app.start();
  return app;
}

const say = async (a: App, text: string, from: Partial<Incoming> = {}) =>
  (
    await a.router.handle({
      platform: "telegram",
      chatId: "telegram:7",
      chatKind: "private",
      senderId: "telegram:7",
      text,
      mentionsBot: true,
      ...from,
    })
  )
    .map((r) => renderConsole(r))
    .join("\n");

describe("signing in to the desk", () => {
  it("`paperboy desk-link` gets a link over the control socket that works once; unknown admins are refused", async () => {
    const a = await start();
    const answer = await requestDeskLink(dir, {});
    if (!("url" in answer)) throw new Error(answer.error);
    expect(answer.admin).toBe("telegram:7");
    expect(answer.url.startsWith(`${a.desk?.url}/signin/`)).toBe(true);
    const first = await fetch(answer.url, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict/);
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const home = await fetch(`${a.desk?.url}/`, { headers: { cookie } });
    expect(home.status).toBe(200);
    expect((await fetch(answer.url, { redirect: "manual" })).status).toBe(401);

    expect(await requestDeskLink(dir, { as: "wechat:wxid_boss" })).toMatchObject({
      admin: "wechat:wxid_boss",
    });
    expect(await requestDeskLink(dir, { as: "telegram:666" })).toEqual({
      error: "telegram:666 is not listed in PAPERBOY_ADMINS",
    });
  });

  it("/desk in an admin's private chat gives a link; a stranger and a group get none", async () => {
    const a = await start();
    const reply = await say(a, "/desk");
    const url = /http:\/\/\S+\/signin\/\S+/.exec(reply)?.[0];
    expect(url).toBeDefined();
    expect((await fetch(url as string, { redirect: "manual" })).status).toBe(303);
    expect(await say(a, "/desk", { senderId: "telegram:8", chatId: "telegram:8" })).toContain("只有管理员");
    expect(await say(a, "/desk", { chatId: "telegram:-100", chatKind: "group" })).not.toContain("/signin/");
  });

  it("a session ends when its admin is no longer listed", async () => {
    const a = await start();
    const link = a.desk?.signInLink("telegram:7") as string;
    const cookie =
      ((await fetch(link, { redirect: "manual" })).headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    a.config.admins.splice(0, 1);
    expect((await fetch(`${a.desk?.url}/chats`, { headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${a.desk?.url}/chats`, { headers: { cookie } })).status).toBe(401);
  });
});

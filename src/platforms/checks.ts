import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { ConfigError } from "../config.ts";
import type { Finding } from "../core/ports/index.ts";
import type { TelegramConfig } from "./telegram/descriptor.ts";
import type { WechatConfig } from "./wechat/descriptor.ts";

const CHECK_TIMEOUT_MS = 10_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Asks the Bot API who the token belongs to (getMe), as the bot does at start. */
export async function checkTelegram(telegram: TelegramConfig): Promise<Finding> {
  const { Telegram } = await import("telegraf");
  const { getMeProblem, isTokenRejected } = await import("./telegram/identity.ts");
  const origin = new URL(telegram.apiRoot).origin;
  try {
    const me = await withTimeout(
      new Telegram(telegram.token, { apiRoot: telegram.apiRoot }).getMe(),
      "getMe",
    );
    return { mark: "✔", text: `Telegram: token accepted, the bot is @${me.username} (API root ${origin})` };
  } catch (err) {
    return {
      mark: "✘",
      text: `Telegram: ${getMeProblem(err, telegram.apiRoot)}`,
      failCode: isTokenRejected(err) ? 2 : 1,
    };
  }
}

function connects(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, timeout: CHECK_TIMEOUT_MS });
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(new Error("timed out"));
    });
    socket.once("error", (err: NodeJS.ErrnoException) => reject(new Error(err.code ?? err.message)));
  });
}

/**
 * The WeChat settings a start would trip on: the puppet package must be installed; the puppet
 * service needs a token, and its endpoint (given, or looked up from the token) must answer.
 */
export async function checkWechat(wechat: WechatConfig, dataDir: string): Promise<Finding[]> {
  const found: Finding[] = [];
  try {
    createRequire(path.join(process.cwd(), "package.json")).resolve(wechat.puppet);
    found.push({ mark: "✔", text: `WeChat: puppet ${wechat.puppet} is installed` });
  } catch {
    return [
      {
        mark: "✘",
        text: `WeChat: WECHATY_PUPPET=${wechat.puppet} is not installed here (npm install ${wechat.puppet})`,
        failCode: 2,
      },
    ];
  }
  const { PUPPET_SERVICE, lookUpPuppetService } = await import("./wechat/puppet-service.ts");
  if (wechat.puppet === PUPPET_SERVICE) {
    if (!wechat.serviceToken && !wechat.serviceEndpoint) {
      found.push({
        mark: "✘",
        text: "WeChat: WECHATY_PUPPET_SERVICE_TOKEN is not set (the puppet service provider gives you one)",
        failCode: 2,
      });
    } else if (wechat.serviceEndpoint) {
      const m = /^(?:.*\/\/)?\[?([^\]]+?)\]?:(\d+)$/.exec(wechat.serviceEndpoint);
      if (!m) {
        found.push({
          mark: "✘",
          text: `WeChat: WECHATY_PUPPET_SERVICE_ENDPOINT should be host:port, got \`${wechat.serviceEndpoint}\``,
          failCode: 2,
        });
      } else {
        try {
          await connects(m[1] ?? "", Number(m[2]));
          found.push({ mark: "✔", text: `WeChat: the puppet service at ${wechat.serviceEndpoint} answers` });
        } catch (err) {
          found.push({
            mark: "✘",
            text: `WeChat: cannot connect to WECHATY_PUPPET_SERVICE_ENDPOINT ${wechat.serviceEndpoint} (${(err as Error).message})`,
            failCode: 1,
          });
        }
      }
    } else {
      try {
        const endpoint = await lookUpPuppetService(wechat, CHECK_TIMEOUT_MS);
        found.push({ mark: "✔", text: `WeChat: the token resolves to a puppet service at ${endpoint}` });
      } catch (err) {
        found.push({
          mark: "✘",
          text:
            err instanceof ConfigError
              ? `WeChat: ${err.message}`
              : `WeChat: cannot look up the token at ${wechat.serviceAuthority} (${(err as Error).message}); set WECHATY_PUPPET_SERVICE_ENDPOINT or check the network`,
          failCode: err instanceof ConfigError ? 2 : 1,
        });
      }
    }
  }
  const { memoryCardName } = await import("./wechat/memory-card.ts");
  found.push(
    existsSync(`${memoryCardName(dataDir)}.memory-card.json`)
      ? { mark: "·", text: "WeChat: a login session is saved; start logs in without a scan" }
      : {
          mark: "·",
          text: "WeChat: no saved login yet; start prints a QR code to scan with the bot's account",
        },
  );
  return found;
}

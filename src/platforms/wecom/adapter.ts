import type {
  InboundHandlers,
  OutPart,
  PlatformAdapter,
  Reply,
  SendReceipt,
} from "../../core/ports/index.ts";
import { PermanentError, TransientError } from "../../core/ports/index.ts";
import { parseChatId } from "../../domain/chat.ts";
import type { ImagePolicy } from "../../images/index.ts";
import { type Logger, redactSecrets } from "../../log.ts";
import { WECOM_LIMITS } from "./descriptor.ts";
import { renderWecom } from "./render.ts";
import { bodyFor, errorFor } from "./send.ts";

export interface WecomAdapterOptions {
  robots: readonly { name: string; key: string }[];
  /** `https://qyapi.weixin.qq.com`, or a test stand-in. */
  apiRoot: string;
  dataDir: string;
  imageBaseUrl?: string;
  /** Issue 11's image policy (image folder, allowed hosts, guarded fetch); without it images are skipped. */
  images?: ImagePolicy;
  log: Logger;
  /** How long to wait after `errcode` 45009 before the message is tried again (default a minute: the window). */
  rateLimitBackoffSeconds?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * WeCom group robots: one webhook key per group, send-only (a robot receives nothing, so `start`
 * listens to nothing). `send` posts one part and throws the typed send errors; it does not pace or
 * retry (the delivery layer does both, to 20 per minute per robot). The key never leaves this file's
 * requests: chat ids, logs and errors name the group.
 */
export function createWecomAdapter(opts: WecomAdapterOptions): PlatformAdapter {
  const keys = new Map(opts.robots.map((r) => [r.name, r.key]));
  const doFetch = opts.fetch ?? fetch;
  const root = opts.apiRoot.replace(/\/+$/, "");
  let sent = 0;

  return {
    platform: "wecom",
    limits: WECOM_LIMITS,
    async start(_handlers: InboundHandlers) {
      opts.log.info({ robots: [...keys.keys()] }, "wecom: group robots ready (push only)");
    },
    async stop() {},
    render: (reply: Reply) => renderWecom(reply),

    async send(chatId: string, part: OutPart): Promise<SendReceipt> {
      const { platform, raw } = parseChatId(chatId);
      const key = platform === "wecom" ? keys.get(raw) : undefined;
      if (!key) throw new PermanentError(`no WeCom robot is configured for ${chatId}`);
      const body = await bodyFor(part, opts.images);
      let res: Response;
      try {
        res = await doFetch(`${root}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
        });
      } catch (err) {
        // fetch puts the URL (with the key) in some messages: never pass it on as is.
        throw new TransientError(
          `WeCom webhook unreachable: ${redactSecrets(String((err as Error).message))}`,
        );
      }
      if (res.status >= 500)
        throw new TransientError(`WeCom webhook answered HTTP ${res.status}`, res.status);
      let answer: { errcode?: number; errmsg?: string };
      try {
        answer = (await res.json()) as typeof answer;
      } catch {
        throw new TransientError(`WeCom webhook answered HTTP ${res.status} without JSON`, res.status);
      }
      const error = errorFor(answer, opts.rateLimitBackoffSeconds ?? 60);
      if (error) throw error;
      sent += 1;
      // The API returns no message id; a local counter keeps the ledger's receipts distinct.
      return { messageId: `${Date.now()}-${sent}` };
    },
  };
}

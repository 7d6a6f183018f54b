import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

/** Telegram updates are small; anything near this is not an update. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

/**
 * Reads a webhook request body as bytes (at most `maxBytes`, else 413), decodes UTF-8 once over
 * the whole body and parses it, then hands the parsed update to telegraf's handler as `req.body`
 * (which telegraf uses as is). telegraf's own reader appends each TCP chunk to a string, so a
 * Chinese character whose bytes are split across two chunks turns into two U+FFFD; and it has no
 * size cap at all. A body that is not JSON gets 400.
 */
export function boundedWebhook(next: RequestListener, maxBytes = WEBHOOK_MAX_BYTES): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") return next(req, res);
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) return refuse(req, res, 413);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        refuse(req, res, 413);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      let update: unknown;
      try {
        update = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        res.statusCode = 400;
        res.end();
        return;
      }
      (req as IncomingMessage & { body?: unknown }).body = update;
      next(req, res);
    });
    req.on("error", () => {
      res.statusCode = 400;
      res.end();
    });
  };
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.setHeader("connection", "close");
  res.end();
  req.resume();
}

/**
 * The updates waiting for the bot, handed out as the Bot API does: by `getUpdates` long polling
 * (answered the moment an update arrives; an `offset` confirms everything before it; a newer poll
 * ends an older one with 409) or by POSTing them to a webhook with its secret token header.
 */
import type { ServerResponse } from "node:http";
import { ApiFailure, type Payload } from "./methods.ts";
import type { ApiUpdate, NewUpdate } from "./updates.ts";

interface Poller {
  offset: number;
  limit: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

export type Reply = (res: ServerResponse, status: number, body: unknown) => void;

export class UpdateQueue {
  // Oldest first; `head` skips the confirmed ones without shifting the array each time.
  private readonly queue: ApiUpdate[] = [];
  private head = 0;
  private nextId = 1;
  private poller?: Poller;
  private allowedUpdates?: string[];
  private webhook?: { url: string; secret?: string };
  private webhookBusy = false;
  private parkedWaiters: Array<() => void> = [];

  constructor(
    private readonly reply: Reply,
    private readonly onConfirmed: (updateId: number) => void,
  ) {}

  push(update: NewUpdate): ApiUpdate {
    const u = { ...update, update_id: this.nextId++ } as ApiUpdate;
    this.queue.push(u);
    if (this.webhook) void this.deliverWebhook();
    else this.answerPoller();
    return u;
  }

  /** Resolves once a long poll is waiting here with nothing to answer it yet: the bot is idle. */
  whenParked(): Promise<void> {
    if (this.poller) return Promise.resolve();
    return new Promise((resolve) => this.parkedWaiters.push(resolve));
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  private confirmBelow(offset: number): void {
    while (this.head < this.queue.length && (this.queue[this.head] as ApiUpdate).update_id < offset) {
      this.onConfirmed((this.queue[this.head] as ApiUpdate).update_id);
      this.head++;
    }
    if (this.head > 256 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** With no allowed_updates given, the API sends every kind but chat_member and reactions. */
  private allowed(u: ApiUpdate): boolean {
    const list = this.allowedUpdates;
    if (!list || list.length === 0) return !("chat_member" in u || "message_reaction" in u);
    return list.some((k) => k in u);
  }

  private ready(offset: number, limit: number): ApiUpdate[] {
    const out: ApiUpdate[] = [];
    for (let i = this.head; i < this.queue.length && out.length < limit; i++) {
      const u = this.queue[i] as ApiUpdate;
      if (u.update_id >= offset && this.allowed(u)) out.push(u);
    }
    return out;
  }

  private answerPoller(): void {
    const p = this.poller;
    if (!p) return;
    const updates = this.ready(p.offset, p.limit);
    if (updates.length === 0) return;
    this.poller = undefined;
    clearTimeout(p.timer);
    this.reply(p.res, 200, { ok: true, result: updates });
  }

  getUpdates(p: Payload, res: ServerResponse): void {
    if (this.webhook) {
      throw new ApiFailure(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
    const timeout = Math.max(0, Number(p.timeout ?? 0));
    if (Array.isArray(p.allowed_updates)) this.allowedUpdates = p.allowed_updates as string[];
    if (offset > 0) this.confirmBelow(offset);
    const old = this.poller;
    if (old) {
      this.poller = undefined;
      clearTimeout(old.timer);
      this.reply(old.res, 409, {
        ok: false,
        error_code: 409,
        description:
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      });
    }
    const updates = this.ready(offset, limit);
    if (updates.length > 0 || timeout === 0) {
      this.reply(res, 200, { ok: true, result: updates });
      return;
    }
    const poller: Poller = {
      offset,
      limit,
      res,
      timer: setTimeout(() => {
        if (this.poller === poller) this.poller = undefined;
        this.reply(res, 200, { ok: true, result: [] });
      }, timeout * 1000),
    };
    this.poller = poller;
    for (const resolve of this.parkedWaiters.splice(0)) resolve();
    // A client that gives up (telegraf aborts its poll on stop) frees the slot.
    res.on("close", () => {
      if (this.poller === poller) {
        this.poller = undefined;
        clearTimeout(poller.timer);
      }
    });
  }

  setWebhook(p: Payload): true {
    const url = typeof p.url === "string" ? p.url : "";
    if (url === "") return this.deleteWebhook(p);
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      throw new ApiFailure(400, "Bad Request: bad webhook: invalid URL");
    }
    // Never contact another host: the stand-in only calls webhooks on this machine.
    if (!["127.0.0.1", "localhost", "[::1]"].includes(host)) {
      throw new ApiFailure(400, "Bad Request: bad webhook: the stand-in only delivers to 127.0.0.1");
    }
    this.webhook = { url, secret: typeof p.secret_token === "string" ? p.secret_token : undefined };
    if (Array.isArray(p.allowed_updates)) this.allowedUpdates = p.allowed_updates as string[];
    void this.deliverWebhook();
    return true;
  }

  deleteWebhook(p: Payload): true {
    this.webhook = undefined;
    if (p.drop_pending_updates === true || p.drop_pending_updates === "true") this.confirmBelow(this.nextId);
    return true;
  }

  webhookInfo(): Record<string, unknown> {
    return {
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.pending,
      ...(this.allowedUpdates ? { allowed_updates: this.allowedUpdates } : {}),
    };
  }

  /** Posts updates one at a time, oldest first; a non-2xx answer is retried shortly, as Telegram does. */
  private async deliverWebhook(): Promise<void> {
    if (this.webhookBusy) return;
    this.webhookBusy = true;
    try {
      while (this.webhook && this.head < this.queue.length) {
        const { url, secret } = this.webhook;
        const u = this.queue[this.head] as ApiUpdate;
        if (!this.allowed(u)) {
          this.confirmBelow(u.update_id + 1);
          continue;
        }
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (secret) headers["x-telegram-bot-api-secret-token"] = secret;
        const ok = await fetch(url, { method: "POST", headers, body: JSON.stringify(u) })
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) this.confirmBelow(u.update_id + 1);
        else await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      this.webhookBusy = false;
    }
  }

  /** Ends a waiting long poll with no updates and stops webhook delivery. */
  close(): void {
    this.webhook = undefined;
    const p = this.poller;
    if (p) {
      this.poller = undefined;
      clearTimeout(p.timer);
      this.reply(p.res, 200, { ok: true, result: [] });
    }
  }
}

import { mkdirSync } from "node:fs";
import path from "node:path";
import qrcodeTerminal from "qrcode-terminal";
import { qrcodeValueToImageUrl, types, WechatyBuilder } from "wechaty";
import type { ContactSelfInterface, WechatyInterface } from "wechaty/impls";
import type { SessionKeeper } from "../../core/ports/index.ts";
import type { Logger } from "../../log.ts";
import { errorText, isConnectionLost } from "./errors.ts";
import { KeptMemoryCard, memoryCardName } from "./memory-card.ts";

/**
 * The wechaty lifecycle: build the instance, show the login QR code, log login/logout, never let an
 * `error` event kill the process, and reconnect when the puppet connection drops (a puppet server
 * restarted). Knows nothing of messages: the adapter listens to those.
 */

export interface WechatBotOptions {
  /** A puppet package name; when absent wechaty's own WECHATY_PUPPET variables choose. */
  puppet?: string;
  puppetOptions?: Record<string, unknown>;
  /** A ready-made instance (tests inject one built on a mock puppet). */
  wechaty?: WechatyInterface;
  dataDir: string;
  /** Where the login session is kept (the database); absent: wechaty's file in the data dir. */
  sessions?: SessionKeeper;
  log: Logger;
  /** Where the login QR code is drawn: stderr by default (stdout belongs to the console chat and CLI output). */
  qrOut?: NodeJS.WritableStream;
  /** Backoff between reconnect attempts. */
  reconnect?: { minDelayMs: number; maxDelayMs: number };
  /** Called when the puppet connection is back after a loss (a login may or may not follow). */
  onRestored?: () => void;
}

export { memoryCardName };

/** Builds wechaty; the puppet comes from the options or, when absent, from WECHATY_PUPPET (wechaty's own rule). */
export function buildWechaty(
  opts: Pick<WechatBotOptions, "puppet" | "puppetOptions" | "dataDir"> & { memory?: KeptMemoryCard },
): WechatyInterface {
  const options: Record<string, unknown> = {};
  if (opts.memory) {
    // Nothing under the data dir: the session is read from and saved to the database.
    options.memory = opts.memory;
  } else {
    mkdirSync(path.resolve(opts.dataDir), { recursive: true });
    options.name = memoryCardName(opts.dataDir);
  }
  if (opts.puppet) options.puppet = opts.puppet;
  if (opts.puppetOptions) options.puppetOptions = opts.puppetOptions;
  // Any installed puppet package may be named, not only wechaty's list of official ones.
  return WechatyBuilder.build(options as Parameters<typeof WechatyBuilder.build>[0]);
}

export class WechatBot {
  readonly wechaty: WechatyInterface;
  /** The session card kept in the database, when there is one (else wechaty's own file card). */
  private readonly memory: KeptMemoryCard | undefined;
  private readonly log: Logger;
  private readonly qrOut: NodeJS.WritableStream;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private stopping = false;
  private started = false;
  private errorListener: ((err: unknown) => void) | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnecting = false;
  private delayMs: number;
  /** Counts connection-lost errors, so an attempt can tell whether it failed while it ran. */
  private connectionErrors = 0;
  private readonly listeners: Array<[string, (...args: never[]) => void]> = [];
  private lost = false;
  private readonly onRestored: (() => void) | undefined;

  constructor(opts: WechatBotOptions) {
    if (!opts.wechaty && opts.sessions) this.memory = KeptMemoryCard.keptBy(opts.sessions);
    this.wechaty = opts.wechaty ?? buildWechaty({ ...opts, memory: this.memory });
    this.log = opts.log;
    this.qrOut = opts.qrOut ?? process.stderr;
    this.minDelayMs = opts.reconnect?.minDelayMs ?? 1000;
    this.maxDelayMs = opts.reconnect?.maxDelayMs ?? 60_000;
    this.delayMs = this.minDelayMs;
    this.onRestored = opts.onRestored;
  }

  /**
   * True from a lost puppet connection until it is back: wechaty may still say "logged in" then, but
   * every send would fail, so the adapter counts the account as offline.
   */
  get connectionLost(): boolean {
    return this.lost;
  }

  /** Attaches a listener that `stop()` removes again. */
  on(event: string, listener: (...args: never[]) => void): void {
    (this.wechaty as unknown as NodeJS.EventEmitter).on(event, listener as (...args: unknown[]) => void);
    this.listeners.push([event, listener]);
  }

  async start(): Promise<void> {
    this.stopping = false;
    if (!this.errorListener) {
      // An EventEmitter `error` with no listener throws and kills Node: this one stays for good.
      this.errorListener = (err: unknown) => this.onError(err);
      (this.wechaty as unknown as NodeJS.EventEmitter).on("error", this.errorListener);
    }
    if (!this.started) {
      this.started = true;
      this.on("scan", (qrcode: string, status: types.ScanStatus) => this.onScan(qrcode, status));
      this.on("login", (user: ContactSelfInterface) => this.onLogin(user));
      this.on("logout", (user: ContactSelfInterface, reason?: string) => {
        // Also seen during a reconnect (the puppet is stopped and started again); a real logout brings a new QR code.
        this.log.warn({ reason }, `wechat: ${safeName(user)} logged out`);
      });
    }
    // A card given to wechaty is not loaded by it; the puppet's share of it is taken at start.
    await this.memory?.ready();
    const before = this.connectionErrors;
    await this.wechaty.start();
    if (this.connectionErrors > before) this.scheduleReconnect("the puppet could not be reached at start");
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    try {
      await this.wechaty.stop();
    } finally {
      const emitter = this.wechaty as unknown as NodeJS.EventEmitter;
      // The error listener is not among these: a late puppet error after stop must not crash Node either.
      for (const [event, listener] of this.listeners.splice(0)) {
        emitter.off(event, listener as (...args: unknown[]) => void);
      }
      this.started = false;
    }
  }

  private onScan(qrcode: string, status: types.ScanStatus): void {
    if (status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) {
      qrcodeTerminal.generate(qrcode, { small: true }, (drawing) => {
        this.qrOut.write(`\nScan with WeChat to log the bot in:\n${drawing}\n`);
      });
      // The URL shows the same code as a picture, for terminals that cannot draw it.
      this.log.info({ url: qrcodeValueToImageUrl(qrcode) }, "wechat: waiting for a QR code scan");
    } else {
      this.log.info({ status: types.ScanStatus[status] }, "wechat: QR code scan status");
    }
  }

  private onLogin(user: ContactSelfInterface): void {
    this.delayMs = this.minDelayMs;
    this.lost = false;
    this.log.info(`wechat: logged in as ${safeName(user)}`);
  }

  private onError(err: unknown): void {
    if (isConnectionLost(err)) {
      this.connectionErrors += 1;
      this.lost = true;
      this.log.warn({ err: errorText(err) }, "wechat: puppet connection lost");
      if (this.started && !this.stopping && !this.reconnecting) this.scheduleReconnect(errorText(err));
      return;
    }
    // Payload lookups that fail (a room the bot left, a contact gone) arrive here too: log, carry on.
    this.log.warn({ err: errorText(err) }, "wechat: wechaty reported an error");
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopping || this.reconnectTimer) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.maxDelayMs);
    this.log.info({ delayMs: delay, reason }, "wechat: reconnecting to the puppet");
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.reconnect();
    }, delay);
    this.reconnectTimer.unref?.();
  }

  /** Stop and start wechaty again; a failed attempt (wechaty reports it as an error event) schedules the next. */
  private async reconnect(): Promise<void> {
    if (this.stopping) return;
    this.reconnecting = true;
    const before = this.connectionErrors;
    try {
      await this.wechaty.stop().catch((err: unknown) => {
        this.log.debug({ err: errorText(err) }, "wechat: stopping the old puppet connection failed");
      });
      if (this.stopping) return;
      await this.wechaty.start();
    } catch (err) {
      this.connectionErrors += 1;
      this.log.warn({ err: errorText(err) }, "wechat: reconnect attempt failed");
    } finally {
      this.reconnecting = false;
    }
    if (this.stopping) return;
    if (this.connectionErrors > before) this.scheduleReconnect("the last attempt failed");
    else {
      this.lost = false;
      this.log.info("wechat: puppet connection restored");
      this.onRestored?.();
    }
  }
}

function safeName(user: ContactSelfInterface | undefined): string {
  try {
    return user?.name() || "the bot account";
  } catch {
    return "the bot account";
  }
}

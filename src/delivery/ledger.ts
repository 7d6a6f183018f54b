import { createHash } from "node:crypto";
import type { OutPart } from "../core/ports/index.ts";
import {
  fileLedgerLogs,
  type LedgerLine,
  type LedgerLog,
  type LedgerLogs,
  LedgerLost,
} from "../store/ledger-log.ts";

export { LedgerLost, ledgerDir } from "../store/ledger-log.ts";

export type RecordState = "pending" | "sent" | "failed" | "skipped";

/** One message of a push: one part of one section for one chat. */
export interface LedgerRecord {
  /** Stable: `<date>-<edition>|<section>|<part>|<chatId>`. */
  key: string;
  chatId: string;
  section: string;
  part: number;
  /** Hash of the rendered part, stored once per distinct body. */
  body: string;
  state: RecordState;
  messageId?: string;
  reason?: string;
}

export interface PlanEntry {
  chatId: string;
  section: string;
  part: number;
  body: OutPart;
}

export interface LedgerStats {
  lines: number;
  bytes: number;
  flushes: number;
  /** Wall time spent writing and syncing, ms. */
  flushMs: number;
  /** Lines dropped on reload because a crash tore them. */
  tornLines: number;
}

export interface LedgerOptions {
  /** Longest a mark waits before it is written (group commit). */
  flushMs?: number;
  /** Write as soon as this many lines wait. */
  batchLines?: number;
  /** fsync each batch (default true; a crash of the process alone never loses written lines). */
  sync?: boolean;
  /**
   * Where ledgers live (default: JSON Lines files under the data dir). The PostgreSQL store hands
   * its own (src/store/postgres/ledger-logs.ts), so a standby on another host sees the same ledgers.
   */
  logs?: LedgerLogs;
}

type Line =
  | { t: "push"; id: string; at: string }
  | { t: "body"; h: string; p: OutPart }
  | { t: "plan"; k: string; c: string; s: string; i: number; h: string }
  | { t: "sent"; k: string; m: string }
  | { t: "failed" | "skipped"; k: string; r: string }
  /** A sent message was corrected in place (or by a notice): its body is now the one hashed `h`. */
  | { t: "edited"; k: string; h: string };

/** The short hash a rendered body is stored under (equal bodies, equal hashes). */
export function bodyHash(body: OutPart): string {
  return createHash("sha1").update(JSON.stringify(body)).digest("hex").slice(0, 16);
}

export function recordKey(issueId: string, section: string, part: number, chatId: string): string {
  return `${issueId}|${section}|${part}|${chatId}`;
}

function logsOf(dataDir: string, opts: Pick<LedgerOptions, "logs"> = {}): LedgerLogs {
  return opts.logs ?? fileLedgerLogs(dataDir);
}

/** The issue ids (`<date>-<edition>`) that have a ledger (in `opts.logs`, else under the data dir). */
export async function listLedgers(dataDir: string, opts?: Pick<LedgerOptions, "logs">): Promise<string[]> {
  return logsOf(dataDir, opts).list();
}

/** When a ledger was last written (ms since the epoch), or undefined if it does not exist. */
export async function ledgerWrittenAt(
  dataDir: string,
  issueId: string,
  opts?: Pick<LedgerOptions, "logs">,
): Promise<number | undefined> {
  return logsOf(dataDir, opts).writtenAt(issueId);
}

/**
 * The durable plan of one issue's push, as an append-only log (a LedgerLog: by default the JSON
 * Lines file `<dataDir>/ledger/<date>-<edition>.jsonl`, with PostgreSQL rows of a table):
 * `plan` lines written (and synced) before any mark (a push's first sends go while they are
 * written: see `stagePlan`), then one `sent` / `failed` / `skipped` line
 * per record. Rendered bodies are stored once and referenced by hash, so a line costs the same
 * whether 10 or 10,000 chats are planned; nothing is ever rewritten. Marks are written in small
 * batches (group commit); a mark's promise resolves once it is durable, so a worker that awaits it
 * before the chat's next send can lose at most the one message in flight per chat to a crash. On
 * reload a torn last line of a file is cut off.
 */
export class Ledger {
  private readonly records = new Map<string, LedgerRecord>();
  private readonly bodies = new Map<string, OutPart>();
  private queue: LedgerLine[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  /** Set once the log found its ledger deleted, replaced or truncated behind our back. */
  private lost: LedgerLost | undefined;
  readonly stats: LedgerStats = { lines: 0, bytes: 0, flushes: 0, flushMs: 0, tornLines: 0 };

  private constructor(
    readonly issueId: string,
    private readonly log: LedgerLog,
    private readonly opts: Required<Omit<LedgerOptions, "logs">>,
  ) {}

  /** Where the ledger lives: its file, or `postgres:<id>`. */
  get file(): string {
    return this.log.where;
  }

  static async open(dataDir: string, issueId: string, opts: LedgerOptions = {}): Promise<Ledger> {
    const log = await logsOf(dataDir, opts).open(issueId, { sync: opts.sync });
    const { lines, torn } = await log.read();
    const ledger = new Ledger(issueId, log, {
      flushMs: opts.flushMs ?? 5,
      batchLines: opts.batchLines ?? 512,
      sync: opts.sync ?? true,
    });
    ledger.replay(lines, torn);
    if (lines.length === 0 && torn === 0) {
      ledger.enqueue({ t: "push", id: issueId, at: new Date().toISOString() });
      await ledger.flush();
    }
    return ledger;
  }

  /**
   * The ledger as it is on disk now, read without opening it for writing (no torn line is cut, no
   * header written): what `paperboy status` counts while the bot is pushing, or after it crashed.
   * Undefined when the file does not exist.
   */
  static async read(
    dataDir: string,
    issueId: string,
    opts: Pick<LedgerOptions, "logs"> = {},
  ): Promise<Ledger | undefined> {
    const logs = logsOf(dataDir, opts);
    if ((await logs.writtenAt(issueId)) === undefined) return undefined;
    // Read-only: the running bot's half-written last line is neither cut nor counted yet.
    const log = await logs.open(issueId, { sync: false, readOnly: true });
    const ledger = new Ledger(issueId, log, { flushMs: 0, batchLines: 0, sync: false });
    ledger.closed = true;
    const { lines, torn } = await log.read();
    ledger.replay(lines, torn);
    return ledger;
  }

  /** Rebuilds the records from lines read back; a line that does not apply counts as torn. */
  private replay(lines: LedgerLine[], torn: number): void {
    this.stats.tornLines += torn;
    for (const line of lines) {
      try {
        this.apply(line as Line);
      } catch {
        this.stats.tornLines++;
      }
    }
  }

  private apply(line: Line): void {
    switch (line.t) {
      case "body":
        this.bodies.set(line.h, line.p);
        break;
      case "plan":
        if (!this.records.has(line.k))
          this.records.set(line.k, {
            key: line.k,
            chatId: line.c,
            section: line.s,
            part: line.i,
            body: line.h,
            state: "pending",
          });
        break;
      case "edited": {
        const r = this.records.get(line.k);
        if (r) r.body = line.h;
        break;
      }
      case "sent":
      case "failed":
      case "skipped": {
        const r = this.records.get(line.k);
        // A record already sent stays sent, whatever a later line says.
        if (!r || r.state === "sent") break;
        r.state = line.t;
        if (line.t === "sent") r.messageId = line.m;
        else r.reason = line.r;
        break;
      }
    }
  }

  /**
   * Adds records for entries whose key is not planned yet (a re-run of the same push plans only
   * what is new) and writes them to disk before returning. Returns the records added.
   */
  async plan(entries: PlanEntry[]): Promise<LedgerRecord[]> {
    const staged = this.stagePlan(entries);
    await this.flush();
    await staged.durable;
    return staged.added;
  }

  /**
   * Adds the records at once (in memory: `pending()` has them) and queues them for the next write
   * (the next `flush()`, or the first batch of marks); `durable` resolves once they are on disk. A
   * push starts sending before that: every mark is written after the plan lines (writes keep their
   * order), and a chat's second send waits for its first mark, so a crash in between re-plans and
   * may resend only the one message a chat had in flight, as it may after any crash. A plan that
   * cannot be written stops the ledger: every later write and mark fails (`lostError`), so nothing
   * more is sent that could not be recorded.
   */
  stagePlan(entries: PlanEntry[]): { added: LedgerRecord[]; durable: Promise<void> } {
    const added: LedgerRecord[] = [];
    // The planner renders once per (section, language, platform) and hands every chat the same
    // object: hash each object once, not once per chat.
    const hashes = new Map<OutPart, string>();
    for (const e of entries) {
      const key = recordKey(this.issueId, e.section, e.part, e.chatId);
      if (this.records.has(key)) continue;
      let h = hashes.get(e.body);
      if (h === undefined) {
        h = bodyHash(e.body);
        hashes.set(e.body, h);
      }
      if (!this.bodies.has(h)) this.enqueue({ t: "body", h, p: e.body });
      const line: Line = { t: "plan", k: key, c: e.chatId, s: e.section, i: e.part, h };
      this.enqueue(line);
      const r = this.records.get(key);
      if (r) added.push(r);
    }
    const durable = this.whenWritten();
    durable.catch((e) => {
      this.lost ??=
        e instanceof LedgerLost ? e : new LedgerLost(this.log.where, `could not be written (${e})`);
    });
    return { added, durable };
  }

  /**
   * Marks many records skipped (the pre-send checks skip thousands at once): skipped in memory at
   * once, so they are never sent; written with the next write, as one batch. Resolves once on disk.
   */
  skipMany(skips: Array<{ key: string; reason: string }>): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`ledger ${this.issueId} is closed`));
    for (const { key, reason } of skips) this.enqueue({ t: "skipped", k: key, r: reason });
    return this.whenWritten();
  }

  /** Resolves once what is queued now is on disk (with the next write; nothing starts one here). */
  private whenWritten(): Promise<void> {
    if (this.queue.length === 0) return this.writing;
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Resolves once the mark is on disk. */
  markSent(key: string, messageId: string): Promise<void> {
    return this.mark({ t: "sent", k: key, m: messageId });
  }

  markFailed(key: string, reason: string): Promise<void> {
    return this.mark({ t: "failed", k: key, r: reason });
  }

  markSkipped(key: string, reason: string): Promise<void> {
    return this.mark({ t: "skipped", k: key, r: reason });
  }

  /**
   * Records that a sent message now shows `body` (a correction edited it, or a notice told its chat),
   * so the next correction compares against what the chat really has. Resolves once on disk.
   */
  markEdited(key: string, body: OutPart): Promise<void> {
    const h = bodyHash(body);
    if (!this.bodies.has(h)) this.enqueue({ t: "body", h, p: body });
    return this.mark({ t: "edited", k: key, h });
  }

  get(key: string): LedgerRecord | undefined {
    return this.records.get(key);
  }

  /** Every record, in plan order (a chat's records are in the order they must be sent). */
  all(): LedgerRecord[] {
    return [...this.records.values()];
  }

  pending(): LedgerRecord[] {
    return this.all().filter((r) => r.state === "pending");
  }

  counts(): Record<RecordState, number> {
    const c: Record<RecordState, number> = { pending: 0, sent: 0, failed: 0, skipped: 0 };
    for (const r of this.records.values()) c[r.state]++;
    return c;
  }

  body(record: LedgerRecord): OutPart {
    const b = this.bodies.get(record.body);
    if (!b) throw new Error(`ledger ${this.issueId}: no body ${record.body} for ${record.key}`);
    return b;
  }

  private mark(line: Line): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`ledger ${this.issueId} is closed`));
    this.enqueue(line);
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.queue.length >= this.opts.batchLines) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs);
    });
  }

  /** Applies a line in memory and queues it for the next write. */
  private enqueue(line: Line): void {
    this.apply(line);
    this.queue.push(line);
  }

  /** Writes (and syncs) everything queued; resolves when it is on disk. Writes never overlap. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.queue;
    const waiters = this.waiters;
    this.queue = [];
    this.waiters = [];
    if (lines.length === 0) return this.writing;
    const run = async () => {
      if (this.lost) throw this.lost;
      const t0 = performance.now();
      let bytes: number;
      try {
        ({ bytes } = await this.log.append(lines));
      } catch (e) {
        if (e instanceof LedgerLost) this.lost = e;
        throw e;
      }
      this.stats.flushMs += performance.now() - t0;
      this.stats.flushes++;
      this.stats.lines += lines.length;
      this.stats.bytes += bytes;
    };
    // A failed write fails its own marks only; the next batch tries again.
    const done = this.writing.catch(() => {}).then(run);
    this.writing = done;
    done.then(
      () => {
        for (const w of waiters) w.resolve();
      },
      (e) => {
        for (const w of waiters) w.reject(e);
      },
    );
    return done;
  }

  /** Set once the file was found deleted, replaced or truncated. */
  get lostError(): LedgerLost | undefined {
    return this.lost;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => {});
    this.closed = true;
    await this.log.close();
  }
}

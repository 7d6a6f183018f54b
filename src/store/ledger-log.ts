import { mkdir, open, readdir, readFile, stat, truncate } from "node:fs/promises";
import path from "node:path";

/**
 * One line of a delivery ledger as the store keeps it: `t` is its kind (push, body, plan, sent, ...)
 * and `k` the record key it is about, if any. What the lines mean is the ledger's business
 * (src/delivery/ledger.ts); a log only keeps them, in order, and never rewrites one.
 */
export type LedgerLine = { t: string; k?: string } & Record<string, unknown>;

/**
 * The ledger was deleted, replaced or truncated behind the bot's back while a push ran. Going on
 * would write marks nobody can read back, and a restart would plan everything again: the push
 * stops and says so.
 */
export class LedgerLost extends Error {
  constructor(where: string, why: string) {
    super(`the ledger ${where} ${why} while the push ran; the push was stopped`);
    this.name = "LedgerLost";
  }
}

/** The append-only storage of one ledger. */
export interface LedgerLog {
  /** Where it lives, for messages (a file path, or `postgres:<ledger id>`). */
  readonly where: string;
  /** Every line written before, in order, and how many torn ones were dropped (a crash mid-write). */
  read(): Promise<{ lines: LedgerLine[]; torn: number }>;
  /**
   * Writes lines durably, all or none; resolves once they would survive a crash. Throws LedgerLost
   * when the ledger is no longer the one it read (deleted, replaced, cut short).
   */
  append(lines: LedgerLine[]): Promise<{ bytes: number }>;
  close(): Promise<void>;
}

/** Where the ledgers of one deployment live: files under the data dir, or PostgreSQL tables. */
export interface LedgerLogs {
  /** `readOnly`: another process may be writing it; reading changes nothing and appends are refused. */
  open(id: string, opts?: { sync?: boolean; readOnly?: boolean }): Promise<LedgerLog>;
  /** The ids (`<date>-<edition>`, `broadcast-<n>`) that have a ledger, sorted. */
  list(): Promise<string[]>;
  /** When a ledger was last written (ms since the epoch), or undefined if it does not exist. */
  writtenAt(id: string): Promise<number | undefined>;
}

export function ledgerDir(dataDir: string): string {
  return path.join(dataDir, "ledger");
}

/** Ledgers as JSON Lines files, `<dataDir>/ledger/<id>.jsonl`: the file store's ledgers. */
export function fileLedgerLogs(dataDir: string): LedgerLogs {
  const dir = ledgerDir(dataDir);
  return {
    async open(id, opts = {}) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      return new FileLedgerLog(path.join(dir, `${id}.jsonl`), opts.sync ?? true, opts.readOnly ?? false);
    },
    async list() {
      try {
        const names = await readdir(dir);
        return names
          .filter((n) => n.endsWith(".jsonl"))
          .map((n) => n.slice(0, -".jsonl".length))
          .sort();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw e;
      }
    },
    async writtenAt(id) {
      try {
        // Every plan and mark appends to the file, so its mtime is when the ledger was last written.
        return (await stat(path.join(dir, `${id}.jsonl`))).mtimeMs;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
      }
    },
  };
}

/**
 * A ledger file's text as lines. A last line without its newline was being written when the
 * process died (`tornTail`: the caller may cut the file back to `keptBytes`); a line that is not
 * JSON is dropped and counted as torn too.
 */
export function parseLedgerText(text: string): {
  lines: LedgerLine[];
  torn: number;
  tornTail: boolean;
  keptBytes: number;
} {
  const end = text.lastIndexOf("\n") + 1;
  const tornTail = text.length > end;
  let torn = tornTail ? 1 : 0;
  const lines: LedgerLine[] = [];
  for (const raw of text.slice(0, end).split("\n")) {
    if (!raw) continue;
    try {
      lines.push(JSON.parse(raw) as LedgerLine);
    } catch {
      torn++;
    }
  }
  return { lines, torn, tornTail, keptBytes: Buffer.byteLength(text.slice(0, end)) };
}

/** Lines turned into text and written in one go (see `append`). */
const APPEND_SLICE = 4096;

class FileLedgerLog implements LedgerLog {
  private fh: import("node:fs/promises").FileHandle | undefined;
  /** Inode and size the file must have on disk; anything else means someone else touched it. */
  private ino = 0;
  private size = 0;

  constructor(
    readonly where: string,
    private readonly sync: boolean,
    private readonly readOnly: boolean,
  ) {}

  async read(): Promise<{ lines: LedgerLine[]; torn: number }> {
    let text = "";
    try {
      text = await readFile(this.where, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    const parsed = parseLedgerText(text);
    // Whatever follows the last newline was being written when the process died: cut it off so
    // the next append starts on a clean line.
    if (parsed.tornTail && !this.readOnly) await truncate(this.where, parsed.keptBytes);
    return { lines: parsed.lines, torn: parsed.torn };
  }

  async append(lines: LedgerLine[]): Promise<{ bytes: number }> {
    if (this.readOnly) throw new Error(`ledger ${this.where} was opened read-only`);
    if (this.fh) await this.checkStillOurs();
    else {
      this.fh = await open(this.where, "a", 0o600);
      const st = await this.fh.stat();
      this.ino = st.ino;
      this.size = st.size;
    }
    // A plan of 10,000 chats is ~80,000 lines (~8 MB): turned into text a slice at a time, yielding
    // between slices so the sends that already go are not held up behind ~100 ms of JSON, then
    // written in one write, as before.
    const slices: string[] = [];
    for (let from = 0; from < lines.length; from += APPEND_SLICE) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      slices.push(
        lines
          .slice(from, from + APPEND_SLICE)
          .map((l) => `${JSON.stringify(l)}\n`)
          .join(""),
      );
    }
    const { bytesWritten: bytes } = await this.fh.write(slices.join(""));
    this.size += bytes;
    if (this.sync) await this.fh.datasync();
    return { bytes };
  }

  /** Whether the path still names the file we append to, at the length we wrote. */
  private async checkStillOurs(): Promise<void> {
    let why: string | undefined;
    try {
      const st = await stat(this.where);
      if (st.ino !== this.ino) why = "was replaced";
      else if (st.size < this.size) why = "was truncated";
    } catch {
      why = "was deleted";
    }
    if (why) throw new LedgerLost(this.where, why);
  }

  async close(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
  }
}

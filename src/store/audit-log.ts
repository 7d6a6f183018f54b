import { appendFile, chmod, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

/**
 * The audit log on its own: an append-only JSON Lines file beside the store (`audit.jsonl`), so the
 * main data file (rewritten whole on every change) no longer grows with every admin command and
 * refusal: 300,000 audit records used to make each store write take seconds. When the file passes
 * `maxBytes` it is renamed `audit.1.jsonl` (older ones shift up, the oldest beyond `keep` is
 * deleted). Files are private to the bot's user (0600).
 */
export interface AuditLogOptions {
  maxBytes?: number;
  keep?: number;
}

export class AuditLog {
  private readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    opts: AuditLogOptions = {},
  ) {
    this.file = path.join(dir, "audit.jsonl");
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.keep = opts.keep ?? 5;
  }

  /** Appends one record (one line); appends from this process never interleave. */
  append(record: object): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const run = async () => {
      await this.rotateIfFull();
      await appendFile(this.file, line, { mode: 0o600 });
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => {});
    return p;
  }

  /** Every record still kept, oldest first. */
  async list<T>(): Promise<T[]> {
    await this.chain;
    const files = (await readdir(this.dir).catch(() => [] as string[]))
      .map((n) => /^audit(?:\.(\d+))?\.jsonl$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(b[1] ?? 0) - Number(a[1] ?? 0));
    const out: T[] = [];
    for (const m of files) {
      const text = await readFile(path.join(this.dir, m[0]), "utf8").catch(() => "");
      for (const line of text.split("\n")) {
        if (!line) continue;
        try {
          out.push(JSON.parse(line) as T);
        } catch {
          // A line torn by a crash: skip it, keep the rest.
        }
      }
    }
    return out;
  }

  private async rotateIfFull(): Promise<void> {
    const size = await stat(this.file).then(
      (s) => s.size,
      () => 0,
    );
    if (size < this.maxBytes) return;
    await rm(path.join(this.dir, `audit.${this.keep}.jsonl`), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      await rename(
        path.join(this.dir, `audit.${i}.jsonl`),
        path.join(this.dir, `audit.${i + 1}.jsonl`),
      ).catch(() => {});
    }
    await rename(this.file, path.join(this.dir, "audit.1.jsonl"));
    await chmod(path.join(this.dir, "audit.1.jsonl"), 0o600).catch(() => {});
  }
}

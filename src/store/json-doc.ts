import { type Stats, statSync } from "node:fs";
import { chmod, open } from "node:fs/promises";
import { dirname } from "node:path";
import { type Adapter, Low } from "lowdb";
import { TextFile } from "lowdb/node";
import { decode, encode, type FileFormat } from "./format.ts";

/** What was read from disk, with the identity of the file it came from. */
interface Loaded<T> {
  /** The data (a vouched file is parsed at the first access: see format.ts decode). */
  readonly data: T;
  /** Whether the file's checksum vouched for it (written by a paperboy of this schema, untouched). */
  vouched: boolean;
  /** inode, size, mtime and ctime of the file the data came from; "" when unknown. */
  signature: string;
  /** The version the file had on disk before migration (equal to the format's version if none was needed). */
  fromVersion: number;
}

function signatureOf(st: Stats): string {
  // steno renames a fresh temp file over the target, so every write gives a new inode; size and
  // times guard against the kernel reusing an inode number. The times as doubles (sub-microsecond
  // steps): BigInt stats cost a reply ~20 BigInts and their formatting, twice, for no safer answer.
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/**
 * Synchronous on purpose: every read of the store asks this (is the cached copy still the file?),
 * and a stat of a cached inode is a ~10 µs system call, where the promise version costs a round
 * trip through libuv's thread pool: on a busy two-core machine that wait, five times per reply,
 * was the largest part of the bot's reply time.
 */
function signatureOfPath(file: string): string | undefined {
  // Within one turn of the event loop the file cannot have been replaced by this process (writes
  // are awaited I/O) and a stat a microsecond later tells nothing newer about another's: one stat
  // answers every read of that turn (a reply reads the store four or five times).
  const seen = signaturesThisTurn.get(file);
  if (seen !== undefined) return seen ?? undefined;
  const signature = statSignature(file);
  if (signaturesThisTurn.size === 0) setImmediate(() => signaturesThisTurn.clear());
  signaturesThisTurn.set(file, signature ?? null);
  return signature;
}

/** Signatures stat'ed in this turn of the event loop (null: no file). */
const signaturesThisTurn = new Map<string, string | null>();

function statSignature(file: string): string | undefined {
  const st = statSync(file, { throwIfNoEntry: false });
  return st && signatureOf(st);
}

/**
 * lowdb adapter for one checked JSON file. Reads the content and its stat through one descriptor,
 * so the signature always belongs to the bytes read, then parses, migrates and validates them
 * (CorruptStoreError otherwise). Writes go through lowdb's TextFile, i.e. steno: the text goes to
 * `.name.tmp` next to the file, which is then renamed over it. A rename is atomic, so a crash leaves
 * either the old file or the new one, never half of one.
 */
class CheckedJsonFile<T> implements Adapter<Loaded<T>> {
  private readonly text: TextFile;

  constructor(
    private readonly file: string,
    private readonly format: FileFormat<T>,
  ) {
    this.text = new TextFile(file);
  }

  async read(): Promise<Loaded<T> | null> {
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      fh = await open(this.file, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    try {
      const st = await fh.stat();
      const bytes = await fh.readFile();
      const decoded = decode(bytes, this.format, this.file);
      return {
        get data() {
          return decoded.data();
        },
        vouched: decoded.vouched,
        signature: signatureOf(st),
        fromVersion: decoded.fromVersion,
      };
    } finally {
      await fh.close();
    }
  }

  /**
   * Writes atomically, then makes the file private (0600: the rename brought a fresh temp file whose
   * mode came from the umask) and fsyncs the file and its folder, so a power cut after the write
   * returns keeps the new content and the rename.
   */
  async write(loaded: Loaded<T>): Promise<void> {
    await this.text.write(encode(loaded.data, this.format));
    await chmod(this.file, 0o600);
    await syncPath(this.file);
    await syncPath(dirname(this.file));
  }
}

async function syncPath(p: string): Promise<void> {
  const fh = await open(p, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * One JSON file of the store, cached in memory and re-read whenever the file on disk changed
 * (another process wrote it), which one `stat` per access detects. Writing is the caller's business
 * to coordinate: call `save` only while holding the store's lock, after `current()` inside it.
 */
export class JsonDoc<T> {
  private readonly adapter: CheckedJsonFile<T>;
  private readonly db: Low<Loaded<T> | null>;
  /** Saves of this doc under way in this process. */
  private saving = 0;

  constructor(
    readonly file: string,
    private readonly format: FileFormat<T>,
    /** Told when the file is read again because it changed on disk (or on first read). */
    private readonly onRead?: (file: string) => void,
  ) {
    this.adapter = new CheckedJsonFile(file, format);
    this.db = new Low<Loaded<T> | null>(this.adapter as Adapter<Loaded<T> | null>, null);
  }

  /** The file's data as it is on disk now, or undefined if there is no file. Throws CorruptStoreError. */
  async current(): Promise<T | undefined> {
    return (await this.load())?.data;
  }

  /** Like `current`, with the version the file had on disk. */
  async load(): Promise<Loaded<T> | undefined> {
    const cached = this.db.data;
    // While this process writes the file (holding the store's lock, so nobody else does), what it
    // writes is the file's content: readers take it. Before, each read in that window found the
    // signature changed and read the whole file again: at 10,000 chats, thousands of 3 MB reads
    // during a push (5.6 GB of Buffers in one bench run, 3 GB peak RSS).
    if (this.saving > 0 && cached) return cached;
    const signature = signatureOfPath(this.file);
    if (signature === undefined) return undefined;
    if (cached && cached.signature === signature) return cached;
    // Read through the adapter rather than `db.read()`: a file that vanished in between must read
    // as missing, where lowdb would keep the old data.
    const fresh = await this.adapter.read();
    if (fresh) this.db.data = fresh;
    this.onRead?.(this.file);
    return fresh ?? undefined;
  }

  /** Writes `data` atomically. The caller holds the store's lock, so the signature read back is ours. */
  async save(data: T): Promise<void> {
    this.db.data = { data, vouched: false, signature: "", fromVersion: this.format.version };
    this.saving++;
    try {
      await this.db.write();
    } catch (e) {
      this.invalidate();
      throw e;
    } finally {
      this.saving--;
    }
    // This turn's reads must see the file just written, not the one stat'ed before it.
    signaturesThisTurn.delete(this.file);
    this.db.data = {
      data,
      vouched: false,
      signature: signatureOfPath(this.file) ?? "",
      fromVersion: this.format.version,
    };
  }

  /** Forgets the cached data (after a failed change), so the next access reads the file again. */
  invalidate(): void {
    this.db.data = null;
    signaturesThisTurn.delete(this.file);
  }
}

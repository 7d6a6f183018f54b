import { copyFile, constants as fsConstants, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Chat } from "../domain/chat.ts";
import { compareIssues, type Edition, Issue, issueId } from "../domain/issue.ts";
import type { Logger } from "../log.ts";
import { AuditLog } from "./audit-log.ts";
import { checkRecord as check, checkRecordId, mergeChat } from "./check.ts";
import { cloneJson } from "./clone.ts";
import {
  emptyMainFile,
  type FileFormat,
  ISSUE_FORMAT,
  type IssueFile,
  MAIN_FORMAT,
  type MainFile,
} from "./format.ts";
import { JsonDoc } from "./json-doc.ts";
import type { StorePaths } from "./layout.ts";
import { DirLock } from "./lock.ts";
import {
  type Collection,
  CorruptStoreError,
  IssueAlreadyPushedError,
  type IssueSummary,
  type PutIssueResult,
  type Store,
  StoreError,
} from "./store.ts";

export interface FileStoreOptions {
  now?: () => Date;
  log?: Logger;
  /** See DirLockOptions.staleMs: how old a dead process's lock must be before it is broken (default 10 s). */
  lockStaleMs?: number;
  /** How long a write waits for a lock held by a live process before failing (default staleMs + 10 s). */
  lockWaitMs?: number;
  /** Test hook for the migration mechanism: the main file's format (default MAIN_FORMAT). */
  mainFormat?: FileFormat<MainFile>;
}

type ChangeFn<R> = (main: MainFile) => { value: R; changed?: boolean };
interface Job {
  fn: ChangeFn<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** The collection earlier versions kept the audit log in (see core/audit.ts). */
const AUDIT = "audit";

type ChatFilter = { platform?: Chat["platform"]; state?: Chat["state"]; subscribed?: boolean };

/**
 * The Store on JSON files (layout in layout.ts). Reads come from an in-memory copy that is re-read
 * whenever the file changed on disk, so the bot sees a CLI import at its next read. Every change is
 * read-modify-write under the cross-process lock, re-reading the file inside it, so no process
 * writes back a stale copy over another's change. A file that fails its check is refused with a
 * CorruptStoreError and never written: the check runs inside the lock, before any write.
 */
export class FileStore implements Store {
  private readonly main: JsonDoc<MainFile>;
  private readonly issueDocs = new Map<string, JsonDoc<IssueFile>>();
  private readonly lock: DirLock;
  private readonly now: () => Date;
  private readonly log: Logger | undefined;
  private readonly mainFormat: FileFormat<MainFile>;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Changes waiting for the next write of the main file (see changeMain). */
  private queued: Job[] = [];
  private flushScheduled = false;
  /** See newestFirst. */
  private issueIndex: { of: MainFile; sorted: IssueSummary[] } | undefined;
  readonly auditLog: AuditLog;

  constructor(
    readonly paths: StorePaths,
    opts: FileStoreOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log;
    this.mainFormat = opts.mainFormat ?? MAIN_FORMAT;
    this.main = new JsonDoc(paths.main, this.mainFormat, this.onRead);
    this.auditLog = new AuditLog(paths.dir);
    this.lock = new DirLock(paths.dir, paths.lock, {
      staleMs: opts.lockStaleMs,
      waitMs: opts.lockWaitMs,
      log: opts.log,
    });
  }

  /** Creates the main file if missing, refuses it if corrupt, migrates (after a backup) if older. */
  async init(): Promise<void> {
    // The common case (a current file) needs no lock, so a CLI `status` never waits on the bot; a
    // corrupt file is refused here too, before any lock is taken.
    const seen = await this.main.load();
    // A file the checksum vouches for was written by this code, which moved the audit out before
    // any write (and is not parsed yet: looking inside would parse 10,000 chats before polling).
    if (seen && !seen.vouched && own(seen.data.collections, AUDIT) !== undefined) await this.moveAuditOut();
    if (seen && seen.fromVersion === this.mainFormat.version) return;
    await this.locked(async () => {
      const loaded = await this.main.load();
      if (!loaded) {
        await this.main.save({ ...emptyMainFile(), version: this.mainFormat.version });
        this.log?.info({ file: this.paths.main }, "created an empty data file");
        return;
      }
      if (loaded.fromVersion < this.mainFormat.version) {
        const backup = this.paths.backup(loaded.fromVersion);
        // COPYFILE_EXCL: an earlier backup of the same version is the more original one; keep it.
        await copyFile(this.paths.main, backup, fsConstants.COPYFILE_EXCL).catch(
          (e: NodeJS.ErrnoException) => {
            if (e.code !== "EEXIST") throw e;
          },
        );
        await this.main.save(loaded.data);
        this.log?.info(
          { file: this.paths.main, from: loaded.fromVersion, to: this.mainFormat.version, backup },
          "migrated the data file",
        );
      }
    });
  }

  /** Audit records kept in the main file by earlier versions move to the append-only audit log. */
  private async moveAuditOut(): Promise<void> {
    await this.locked(async () => {
      const main = await this.readMain();
      const records = own(main.collections, AUDIT);
      if (!records) return;
      const sorted = Object.values(records).sort((a, b) =>
        String((a as { id?: string }).id).localeCompare(String((b as { id?: string }).id)),
      );
      for (const r of sorted) await this.auditLog.append(r as object);
      delete main.collections[AUDIT];
      await this.saveMain(main);
      this.log?.info({ records: sorted.length }, "moved the audit log out of the main data file");
    });
  }

  async redactBackups(match: (collection: string, record: unknown) => boolean): Promise<number> {
    let removed = 0;
    const names = await readdir(this.paths.dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(".bak"))) {
      const file = join(this.paths.dir, name);
      let data: { collections?: Record<string, Record<string, unknown>> };
      try {
        data = JSON.parse(await readFile(file, "utf8"));
      } catch {
        continue;
      }
      let changed = false;
      for (const [coll, records] of Object.entries(data.collections ?? {})) {
        for (const [id, record] of Object.entries(records ?? {})) {
          if (!match(coll, record)) continue;
          delete records[id];
          removed++;
          changed = true;
        }
      }
      if (!changed) continue;
      // Temp file and rename, like every other write: a crash leaves the old copy or the new one.
      const tmp = `${file}.tmp`;
      await writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
      await rename(tmp, file);
    }
    return removed;
  }

  // ----- issues -----

  async putIssue(issue: Issue, opts: { force?: boolean } = {}): Promise<PutIssueResult> {
    const checked = check(Issue, issue, "issue");
    const id = issueId(checked);
    return this.locked(async () => {
      const main = await this.readMain();
      const prev = own(main.issues, id);
      if (prev?.pushedAt && !opts.force) {
        throw new IssueAlreadyPushedError(
          `the ${checked.edition} issue of ${checked.date} was already pushed; use --force to replace it`,
        );
      }
      const doc = this.issueDoc(id);
      // Reading first refuses to replace an issue file we could not read as ours.
      await doc.current();
      const importedAt = this.now().toISOString();
      // The issue file first, then the index: a crash in between leaves an unlisted file, not a
      // listed issue whose file is missing.
      await doc.save({ version: ISSUE_FORMAT.version, importedAt, issue: checked });
      const summary: IssueSummary = {
        date: checked.date,
        edition: checked.edition,
        title: checked.title,
        sections: checked.sections.map((s) => s.key),
        importedAt,
      };
      if (prev?.pushedAt) summary.pushedAt = prev.pushedAt;
      main.issues[id] = summary;
      await this.saveMain(main);
      return { replaced: prev !== undefined };
    });
  }

  async getIssue(date: string, edition: Edition = "evening"): Promise<Issue | undefined> {
    const id = `${date}-${edition}`;
    return own((await this.readMain()).issues, id) ? this.loadIssue(id) : undefined;
  }

  async latestIssue(onOrBefore: string): Promise<Issue | undefined> {
    const best = this.newestFirst(await this.readMain()).find((s) => s.date <= onOrBefore);
    return best ? this.loadIssue(issueId(best)) : undefined;
  }

  async listIssues(): Promise<IssueSummary[]> {
    // Summaries are flat but for `sections`: a spread copies one ~10x cheaper than structuredClone.
    return this.newestFirst(await this.readMain()).map((s) => ({ ...s, sections: [...s.sections] }));
  }

  /**
   * The issue index newest first, sorted once per version of the main file instead of at every
   * `/today` (a year of issues is 365 summaries to sort). Rebuilt when the file was read again
   * (another object) or written (saveMain forgets it: changes are made in place).
   */
  private newestFirst(main: MainFile): IssueSummary[] {
    if (this.issueIndex?.of !== main) {
      this.issueIndex = { of: main, sorted: Object.values(main.issues).sort((a, b) => compareIssues(b, a)) };
    }
    return this.issueIndex.sorted;
  }

  async markIssuePushed(date: string, edition: Edition, at: string): Promise<void> {
    if (typeof at !== "string") throw new StoreError("markIssuePushed needs the time as an ISO string");
    await this.changeMain((main) => {
      const s = own(main.issues, `${date}-${edition}`);
      if (!s || s.pushedAt) return { value: undefined, changed: false };
      s.pushedAt = at;
      return { value: undefined };
    });
  }

  // ----- chats -----

  async getChat(id: string): Promise<Chat | undefined> {
    const chat = own((await this.readMain()).chats, id);
    return chat && cloneJson(chat);
  }

  async upsertChat(chat: Partial<Chat> & Pick<Chat, "id" | "platform" | "kind">): Promise<Chat> {
    return this.changeMain((main) => {
      const now = this.now().toISOString();
      const prev = own(main.chats, chat.id);
      const next = mergeChat(prev, chat, now);
      main.chats[next.id] = next;
      return { value: cloneJson(next) };
    });
  }

  async listChats(filter: ChatFilter = {}): Promise<Chat[]> {
    return Object.values((await this.readMain()).chats)
      .filter(
        (c) =>
          (filter.platform === undefined || c.platform === filter.platform) &&
          (filter.state === undefined || c.state === filter.state) &&
          (filter.subscribed === undefined || c.subscribed === filter.subscribed),
      )
      .map((c) => cloneJson(c));
  }

  // ----- settings -----

  async getSetting<T>(key: string): Promise<T | undefined> {
    return cloneJson(own((await this.readMain()).settings, key)) as T | undefined;
  }

  async setSetting<T>(key: string, value: T): Promise<void> {
    safeKey(key, "setting key");
    const json = toJson(value, `setting ${key}`);
    await this.changeMain((main) => {
      if (json === undefined) delete main.settings[key];
      else main.settings[key] = json;
      return { value: undefined };
    });
  }

  // ----- collections -----

  collection<T extends { id: string }>(name: string): Collection<T> {
    safeKey(name, "collection name");
    const records = async () => own((await this.readMain()).collections, name) ?? {};
    return {
      get: async (id) => cloneJson(own(await records(), id)) as T | undefined,
      list: async () => Object.values(await records()).map((r) => cloneJson(r) as T),
      put: async (record) => {
        const id = checkRecordId(record);
        safeKey(id, "record id");
        const json = toJson(record, `${name} record`) as MainFile["collections"][string][string];
        await this.changeMain((main) => {
          main.collections[name] ??= {};
          main.collections[name][id] = json;
          return { value: undefined };
        });
      },
      delete: async (id) =>
        this.changeMain((main) => {
          const coll = own(main.collections, name);
          if (!coll || !own(coll, id)) return { value: false, changed: false };
          delete coll[id];
          return { value: true };
        }),
      update: async (id, fn) => {
        safeKey(id, "record id");
        return this.changeMain((main) => {
          const coll = own(main.collections, name);
          const current = coll ? own(coll, id) : undefined;
          const next = fn(cloneJson(current) as T | undefined);
          if (next === undefined) {
            if (!coll || !current) return { value: undefined, changed: false };
            delete coll[id];
            return { value: undefined };
          }
          checkRecordId(next, id);
          const json = toJson(next, `${name} record`) as MainFile["collections"][string][string];
          // Handing back the record unchanged is common ("nothing to do"): no need to rewrite the file.
          if (current && JSON.stringify(current) === JSON.stringify(json)) {
            return { value: cloneJson(json) as T, changed: false };
          }
          main.collections[name] ??= {};
          main.collections[name][id] = json;
          return { value: cloneJson(json) as T };
        });
      },
    };
  }

  /** Waits for the writes in flight; the store holds no open handles or timers beyond them. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  // ----- plumbing -----

  private async readMain(): Promise<MainFile> {
    const data = await this.main.current();
    if (!data) {
      throw new CorruptStoreError(
        `${this.paths.main}: is missing (moved or deleted while paperboy was running?)`,
      );
    }
    return data;
  }

  private async saveMain(data: MainFile): Promise<void> {
    this.issueIndex = undefined;
    try {
      await this.main.save(data);
    } finally {
      this.issueIndex = undefined;
    }
  }

  /**
   * Changes the main file: read-modify-write under the lock. `fn` changes the fresh data in place
   * and says whether anything changed; it must check everything before it changes anything, so a
   * throw leaves the data as it was and fails only its own call.
   *
   * Changes that arrive while a write waits for the lock are applied together and written once
   * (group commit): 60 groups adding the bot at once cost one rewrite of the file, not 60. Each call
   * still resolves only once its change is on disk.
   */
  private changeMain<R>(fn: ChangeFn<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queued.push({ fn, resolve, reject } as Job);
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      this.locked(() => this.flush()).catch((e: unknown) => {
        // The lock could not be had: fail everything that waited for it.
        const jobs = this.queued;
        this.queued = [];
        this.flushScheduled = false;
        for (const job of jobs) job.reject(e);
      });
    });
  }

  private async flush(): Promise<void> {
    const jobs = this.queued;
    this.queued = [];
    this.flushScheduled = false;
    let main: MainFile;
    try {
      main = await this.readMain();
    } catch (e) {
      for (const job of jobs) job.reject(e);
      return;
    }
    const applied: { job: Job; value: unknown }[] = [];
    let changed = false;
    for (const job of jobs) {
      try {
        const r = job.fn(main);
        if (r.changed !== false) changed = true;
        applied.push({ job, value: r.value });
      } catch (e) {
        job.reject(e);
      }
    }
    if (changed) {
      try {
        await this.saveMain(main);
      } catch (e) {
        // Not on disk: forget the in-memory changes too (save already dropped the cached copy).
        for (const { job } of applied) job.reject(e);
        return;
      }
    }
    for (const { job, value } of applied) job.resolve(value);
  }

  private locked<R>(fn: () => Promise<R>): Promise<R> {
    const p = this.lock.run(fn);
    this.inFlight.add(p);
    const forget = () => this.inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }

  private readonly onRead = (file: string) =>
    this.log?.debug({ file }, "read store file (new or changed on disk)");

  private issueDoc(id: string): JsonDoc<IssueFile> {
    let doc = this.issueDocs.get(id);
    if (!doc) {
      doc = new JsonDoc(this.paths.issue(id), ISSUE_FORMAT, this.onRead);
      this.issueDocs.set(id, doc);
    }
    return doc;
  }

  private async loadIssue(id: string): Promise<Issue> {
    const file = await this.issueDoc(id).current();
    if (!file) {
      throw new CorruptStoreError(`${this.paths.issue(id)}: is missing, but ${this.paths.main} lists it`);
    }
    return cloneJson(file.issue);
  }
}

/** A record's own property only: `chats["constructor"]` must not find Object.prototype's. */
function own<V>(rec: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** `__proto__` as a plain-object key would change the object's prototype instead of storing a value. */
function safeKey(key: string, what: string): void {
  if (typeof key !== "string" || key === "__proto__")
    throw new StoreError(`${String(key)} is not a valid ${what}`);
}

/** What the file will hold: the value as JSON gives it back (dates become strings, undefined goes). */
function toJson(value: unknown, what: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new StoreError(`${what} cannot be stored as JSON: ${(e as Error).message}`);
  }
  return text === undefined ? undefined : JSON.parse(text);
}

import type { Chat } from "../domain/chat.ts";
import type { Edition, Issue } from "../domain/issue.ts";
import type { LedgerLogs } from "./ledger-log.ts";

export interface IssueSummary {
  date: string;
  edition: Edition;
  title: string;
  sections: string[];
  importedAt: string;
  /** Set once a push of this issue has started: re-importing it then needs `--force`. */
  pushedAt?: string;
}

export interface PutIssueResult {
  /** True when an issue of the same date and edition was there before and was replaced. */
  replaced: boolean;
}

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreError";
  }
}

/** The stored data file cannot be read as ours (corrupt JSON, wrong shape, newer version). It is left untouched. */
export class CorruptStoreError extends StoreError {}

/** Re-importing an issue that was already pushed, without `force`. */
export class IssueAlreadyPushedError extends StoreError {}

/**
 * Everything paperboy keeps between runs, behind an interface small enough that a database could
 * replace the JSON files. Every method sees writes made by other processes (the CLI importing
 * while the bot runs) and never overwrites them with a stale copy.
 */
export interface Store {
  // Issues
  putIssue(issue: Issue, opts?: { force?: boolean }): Promise<PutIssueResult>;
  getIssue(date: string, edition?: Edition): Promise<Issue | undefined>;
  /** The newest issue dated on or before `date` (evening before morning on the same day). */
  latestIssue(onOrBefore: string): Promise<Issue | undefined>;
  listIssues(): Promise<IssueSummary[]>;
  markIssuePushed(date: string, edition: Edition, at: string): Promise<void>;

  // Chats and their subscriptions
  getChat(id: string): Promise<Chat | undefined>;
  /** Inserts or merges: fields given replace stored ones; createdAt is kept. */
  upsertChat(chat: Partial<Chat> & Pick<Chat, "id" | "platform" | "kind">): Promise<Chat>;
  listChats(filter?: {
    platform?: Chat["platform"];
    state?: Chat["state"];
    subscribed?: boolean;
  }): Promise<Chat[]>;

  // Small typed key/value settings (paused flag, last push report, ...)
  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting<T>(key: string, value: T): Promise<void>;

  /**
   * A named collection of records for features that arrive later (applications, dialogues, audit log)
   * without widening this interface each time. Records are keyed by `id`.
   */
  collection<T extends { id: string }>(name: string): Collection<T>;

  /**
   * An append-only home for the audit log, when the store has one (the file store: `audit.jsonl`),
   * so audit records never make the main data file grow. Without it the `audit` collection is used.
   */
  readonly auditLog?: AppendOnlyLog;

  /**
   * Removes the records `match` picks from every backup and migration copy the store keeps (the
   * file store's `*.bak`), so `/forget` reaches them too. Stores that keep no copies lack it.
   */
  redactBackups?(match: (collection: string, record: unknown) => boolean): Promise<number>;

  /**
   * Where delivery ledgers live when the store keeps them itself (PostgreSQL). Absent: JSON Lines
   * files under the data dir (src/store/ledger-log.ts).
   */
  readonly ledgerLogs?: LedgerLogs;

  close(): Promise<void>;
}

export interface AppendOnlyLog {
  append(record: object): Promise<void>;
  list<T>(): Promise<T[]>;
}

export interface Collection<T extends { id: string }> {
  get(id: string): Promise<T | undefined>;
  list(): Promise<T[]>;
  put(record: T): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Reads, changes and writes one record while holding the store's write lock. */
  update(id: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined>;
}

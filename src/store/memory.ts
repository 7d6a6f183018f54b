import type { Chat } from "../domain/chat.ts";
import { compareIssues, type Edition, Issue, issueId } from "../domain/issue.ts";
import { checkRecord, checkRecordId, mergeChat } from "./check.ts";
import {
  type Collection,
  IssueAlreadyPushedError,
  type IssueSummary,
  type PutIssueResult,
  type Store,
} from "./store.ts";

/** The in-memory twin of the file store, for tests and for dry runs. Same behaviour, nothing on disk. */
export class MemoryStore implements Store {
  private issues = new Map<string, { issue: Issue; importedAt: string; pushedAt?: string }>();
  private chats = new Map<string, Chat>();
  private settings = new Map<string, unknown>();
  private collections = new Map<string, Map<string, unknown>>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async putIssue(issue: Issue, opts: { force?: boolean } = {}): Promise<PutIssueResult> {
    // Checked like the file store checks it, so a test on this twin fails where the real store would.
    issue = checkRecord(Issue, issue, "issue");
    const id = issueId(issue);
    const prev = this.issues.get(id);
    if (prev?.pushedAt && !opts.force) {
      throw new IssueAlreadyPushedError(
        `the ${issue.edition} issue of ${issue.date} was already pushed; use --force to replace it`,
      );
    }
    this.issues.set(id, {
      issue: structuredClone(issue),
      importedAt: this.now().toISOString(),
      pushedAt: prev?.pushedAt,
    });
    return { replaced: prev !== undefined };
  }

  async getIssue(date: string, edition: Edition = "evening"): Promise<Issue | undefined> {
    const e = this.issues.get(`${date}-${edition}`);
    return e ? structuredClone(e.issue) : undefined;
  }

  async latestIssue(onOrBefore: string): Promise<Issue | undefined> {
    const best = [...this.issues.values()]
      .map((e) => e.issue)
      .filter((i) => i.date <= onOrBefore)
      .sort((a, b) => compareIssues(b, a))[0];
    return best ? structuredClone(best) : undefined;
  }

  async listIssues(): Promise<IssueSummary[]> {
    return [...this.issues.values()]
      .sort((a, b) => compareIssues(b.issue, a.issue))
      .map((e) => ({
        date: e.issue.date,
        edition: e.issue.edition,
        title: e.issue.title,
        sections: e.issue.sections.map((s) => s.key),
        importedAt: e.importedAt,
        pushedAt: e.pushedAt,
      }));
  }

  async markIssuePushed(date: string, edition: Edition, at: string): Promise<void> {
    const e = this.issues.get(`${date}-${edition}`);
    if (e && !e.pushedAt) e.pushedAt = at;
  }

  async getChat(id: string): Promise<Chat | undefined> {
    const c = this.chats.get(id);
    return c ? structuredClone(c) : undefined;
  }

  async upsertChat(chat: Partial<Chat> & Pick<Chat, "id" | "platform" | "kind">): Promise<Chat> {
    const now = this.now().toISOString();
    const prev = this.chats.get(chat.id);
    const next = mergeChat(prev, chat, now);
    this.chats.set(chat.id, next);
    return structuredClone(next);
  }

  async listChats(
    filter: { platform?: Chat["platform"]; state?: Chat["state"]; subscribed?: boolean } = {},
  ): Promise<Chat[]> {
    return [...this.chats.values()]
      .filter(
        (c) =>
          (filter.platform === undefined || c.platform === filter.platform) &&
          (filter.state === undefined || c.state === filter.state) &&
          (filter.subscribed === undefined || c.subscribed === filter.subscribed),
      )
      .map((c) => structuredClone(c));
  }

  async getSetting<T>(key: string): Promise<T | undefined> {
    return structuredClone(this.settings.get(key)) as T | undefined;
  }

  async setSetting<T>(key: string, value: T): Promise<void> {
    this.settings.set(key, structuredClone(value));
  }

  collection<T extends { id: string }>(name: string): Collection<T> {
    let records = this.collections.get(name) as Map<string, T> | undefined;
    if (!records) {
      records = new Map<string, T>();
      this.collections.set(name, records);
    }
    const map = records;
    return {
      get: async (id) => structuredClone(map.get(id)),
      list: async () => [...map.values()].map((r) => structuredClone(r)),
      put: async (record) => {
        map.set(checkRecordId(record), structuredClone(record));
      },
      delete: async (id) => map.delete(id),
      update: async (id, fn) => {
        const next = fn(structuredClone(map.get(id)));
        if (next === undefined) map.delete(id);
        else map.set(checkRecordId(next, id), structuredClone(next));
        return structuredClone(next);
      },
    };
  }

  async close(): Promise<void> {}
}

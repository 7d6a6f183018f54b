import type { Logger } from "../../log.ts";
import type { Collection, Store } from "../../store/store.ts";
import {
  APPLICATIONS,
  ApplicationRecord,
  COUNTERS,
  type CounterRecord,
  DIALOGUES,
  DialogueRecord,
  STARTS,
  StartsRecord,
} from "./model.ts";

/**
 * The feature's records in the store's named collections. Everything read back is parsed; a
 * record that no longer parses is skipped with a warning (and a broken dialogue is dropped, so
 * its owner can start again) instead of crashing the conversation.
 */
export class ApplyRepo {
  private readonly dialogues: Collection<DialogueRecord>;
  private readonly applications: Collection<ApplicationRecord>;
  private readonly starts: Collection<StartsRecord>;
  private readonly counters: Collection<CounterRecord>;

  constructor(
    store: Store,
    private readonly log: Logger,
  ) {
    this.dialogues = store.collection<DialogueRecord>(DIALOGUES);
    this.applications = store.collection<ApplicationRecord>(APPLICATIONS);
    this.starts = store.collection<StartsRecord>(STARTS);
    this.counters = store.collection<CounterRecord>(COUNTERS);
  }

  async getDialogue(senderId: string): Promise<DialogueRecord | undefined> {
    const raw = await this.dialogues.get(senderId);
    if (raw === undefined) return undefined;
    const parsed = DialogueRecord.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.log.warn({ dialogue: "unreadable" }, "apply: dropping a stored dialogue that no longer parses");
    await this.dialogues.delete(senderId);
    return undefined;
  }

  async putDialogue(d: DialogueRecord): Promise<void> {
    await this.dialogues.put(d);
  }

  async deleteDialogue(senderId: string): Promise<boolean> {
    return this.dialogues.delete(senderId);
  }

  async listDialogues(): Promise<DialogueRecord[]> {
    return parseAll(await this.dialogues.list(), DialogueRecord);
  }

  /** Deletes the dialogue only if it is still the one `stillStale` approves of (no answer raced in). */
  async deleteDialogueIf(senderId: string, stillStale: (d: DialogueRecord) => boolean): Promise<boolean> {
    let deleted = false;
    await this.dialogues.update(senderId, (cur) => {
      const parsed = cur === undefined ? undefined : DialogueRecord.safeParse(cur);
      if (parsed?.success && stillStale(parsed.data)) {
        deleted = true;
        return undefined;
      }
      return cur;
    });
    return deleted;
  }

  async getApplication(id: string): Promise<ApplicationRecord | undefined> {
    const raw = await this.applications.get(id);
    if (raw === undefined) return undefined;
    const parsed = ApplicationRecord.safeParse(raw);
    if (!parsed.success) this.log.warn({ applicationId: id }, "apply: a stored application does not parse");
    return parsed.success ? parsed.data : undefined;
  }

  /** Every readable application, newest first (ids are increasing numbers). */
  async listApplications(): Promise<ApplicationRecord[]> {
    const all = parseAll(await this.applications.list(), ApplicationRecord);
    return all.sort((a, b) => Number(b.id) - Number(a.id));
  }

  async putApplication(a: ApplicationRecord): Promise<void> {
    await this.applications.put(a);
  }

  /**
   * Changes one application under the store's write lock. `fn` returns the new record, or
   * undefined to leave it as it is; the result is what was stored (or undefined when unchanged).
   */
  async updateApplication(
    id: string,
    fn: (current: ApplicationRecord) => ApplicationRecord | undefined,
  ): Promise<{ before: ApplicationRecord | undefined; after: ApplicationRecord | undefined }> {
    let before: ApplicationRecord | undefined;
    let after: ApplicationRecord | undefined;
    await this.applications.update(id, (cur) => {
      const parsed = cur === undefined ? undefined : ApplicationRecord.safeParse(cur);
      if (!parsed?.success) return cur;
      before = parsed.data;
      after = fn(parsed.data);
      return after ?? cur;
    });
    return { before, after };
  }

  /** The next application number, taken under the store's lock so two processes never share one. */
  async nextApplicationId(): Promise<string> {
    const next = await this.counters.update(APPLICATIONS, (cur) => ({
      id: APPLICATIONS,
      value: (typeof cur?.value === "number" ? cur.value : 0) + 1,
    }));
    return String(next?.value ?? 1);
  }

  /** Records a dialogue start and says whether the sender is over `max` starts within `windowMs`. */
  async recordStart(senderId: string, now: Date, windowMs: number, max: number): Promise<boolean> {
    let allowed = true;
    await this.starts.update(senderId, (cur) => {
      const parsed = cur === undefined ? undefined : StartsRecord.safeParse(cur);
      const recent = (parsed?.success ? parsed.data.at : []).filter(
        (t) => now.getTime() - Date.parse(t) < windowMs,
      );
      if (recent.length >= max) {
        allowed = false;
        return { id: senderId, at: recent };
      }
      return { id: senderId, at: [...recent, now.toISOString()] };
    });
    return allowed;
  }

  async forgetStarts(senderId: string): Promise<void> {
    await this.starts.delete(senderId);
  }
}

function parseAll<T>(
  records: unknown[],
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
): T[] {
  const out: T[] = [];
  for (const r of records) {
    const p = schema.safeParse(r);
    if (p.success && p.data !== undefined) out.push(p.data);
  }
  return out;
}

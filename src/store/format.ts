import { z } from "zod";
import { Chat } from "../domain/chat.ts";
import { Edition, IsoDate, Issue, issueId } from "../domain/issue.ts";
import { CorruptStoreError } from "./store.ts";

/**
 * The shapes of the store's JSON files, their versions and the migrations between versions.
 * Every file carries a `version`; a file from an older paperboy is migrated step by step when it is
 * opened, a file from a newer one is refused (we cannot know what we would lose by rewriting it).
 */

/** Turns a document of version n into one of version n + 1 (the `version` field is set by `migrate`). */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

export interface FileFormat<T> {
  /** What the file is, for messages ("data file", "issue file"). */
  what: string;
  /** The version this code writes. */
  version: number;
  /** `migrations[n]` upgrades version n to n + 1. Empty while there is only one version. */
  migrations: Readonly<Record<number, Migration>>;
  schema: z.ZodType<T>;
}

export const IssueSummarySchema = z.object({
  date: IsoDate,
  edition: Edition,
  title: z.string(),
  sections: z.array(z.string()),
  importedAt: z.string(),
  pushedAt: z.string().optional(),
});

const CollectionRecord = z.looseObject({ id: z.string() });

// Loose at the top level: a key this code does not know survives our rewrites instead of being dropped.
export const MainFileSchema = z
  .looseObject({
    version: z.number().int(),
    /** The issue index: summaries keyed by `<date>-<edition>`; the issues themselves live in issues/. */
    issues: z.record(z.string(), IssueSummarySchema).default({}),
    chats: z.record(z.string(), Chat).default({}),
    settings: z.record(z.string(), z.unknown()).default({}),
    collections: z.record(z.string(), z.record(z.string(), CollectionRecord)).default({}),
  })
  .superRefine((f, ctx) => {
    for (const [key, s] of Object.entries(f.issues)) {
      if (key !== issueId(s)) {
        ctx.addIssue({ code: "custom", path: ["issues", key], message: `key does not match ${issueId(s)}` });
      }
    }
    for (const [key, c] of Object.entries(f.chats)) {
      if (key !== c.id)
        ctx.addIssue({ code: "custom", path: ["chats", key], message: `key is not the id ${c.id}` });
    }
  });
export type MainFile = z.infer<typeof MainFileSchema>;

export const IssueFileSchema = z.object({
  version: z.number().int(),
  importedAt: z.string(),
  issue: Issue,
});
export type IssueFile = z.infer<typeof IssueFileSchema>;

export const MAIN_FORMAT: FileFormat<MainFile> = {
  what: "data file",
  version: 1,
  migrations: {},
  schema: MainFileSchema,
};

export const ISSUE_FORMAT: FileFormat<IssueFile> = {
  what: "issue file",
  version: 1,
  migrations: {},
  schema: IssueFileSchema,
};

export function emptyMainFile(): MainFile {
  return { version: MAIN_FORMAT.version, issues: {}, chats: {}, settings: {}, collections: {} };
}

/**
 * The migrate hook: brings a parsed document up to `format.version`, one step at a time.
 * Refuses (CorruptStoreError naming `file`) a document with no usable version, a version newer than
 * this code knows, or an older one with no migration path.
 */
export function migrate<T>(
  raw: unknown,
  format: FileFormat<T>,
  file: string,
): { doc: Record<string, unknown>; fromVersion: number } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new CorruptStoreError(
      `${file}: expected a JSON object, found ${Array.isArray(raw) ? "an array" : typeof raw}`,
    );
  }
  let doc = raw as Record<string, unknown>;
  const fromVersion = doc.version;
  if (typeof fromVersion !== "number" || !Number.isInteger(fromVersion) || fromVersion < 0) {
    throw new CorruptStoreError(
      `${file}: has no valid \`version\` field, so it is not a paperboy ${format.what}`,
    );
  }
  if (fromVersion > format.version) {
    throw new CorruptStoreError(
      `${file}: version ${fromVersion} was written by a newer paperboy (this one knows up to version ${format.version}); ` +
        "upgrade paperboy, the file was left untouched",
    );
  }
  for (let v = fromVersion; v < format.version; v++) {
    const step = format.migrations[v];
    if (!step) {
      throw new CorruptStoreError(`${file}: version ${v} is too old to migrate to version ${format.version}`);
    }
    doc = { ...step(doc), version: v + 1 };
  }
  return { doc, fromVersion };
}

/** JSON text → a checked document of the current version, or a CorruptStoreError naming the file and the fault. */
export function decode<T>(
  text: string,
  format: FileFormat<T>,
  file: string,
): { data: T; fromVersion: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CorruptStoreError(`${file}: is not valid JSON (${(e as Error).message})`);
  }
  const { doc, fromVersion } = migrate(raw, format, file);
  const parsed = format.schema.safeParse(doc);
  if (!parsed.success) {
    const faults = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join(".") || "(top level)"}: ${i.message}`);
    const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : "";
    throw new CorruptStoreError(`${file}: is not a valid ${format.what}: ${faults.join("; ")}${more}`);
  }
  return { data: parsed.data, fromVersion };
}

export function encode(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

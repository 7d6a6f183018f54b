import { createHash } from "node:crypto";
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
  /**
   * Whether files of this format carry a checksum of their own content (see encode): the main file
   * does, so a start need not re-validate 10,000 chats it wrote itself. Issue files are small and
   * read one at a time, so they are simply checked.
   */
  checksummed?: boolean;
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
  checksummed: true,
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

/**
 * The first line of a file written with a checksum: `{`, then `"checksum": "<64 hex digits>",` as the
 * first key, then the document as JSON.stringify(data, null, 2) wrote it (less its opening brace).
 */
const CHECKSUM_LEAD = '{\n  "checksum": "';
const CHECKSUM_HEX = 64;
const schemaIds = new WeakMap<FileFormat<unknown>, string>();

/**
 * What a checksum vouches for besides the bytes: the format's version and the exact shape of its
 * schema (its JSON Schema, with defaults and patterns). A file written by a paperboy whose schema
 * differs in any way (a new field, a new default) is therefore checked in full, never trusted.
 */
function schemaId<T>(format: FileFormat<T>): string {
  let id = schemaIds.get(format as FileFormat<unknown>);
  if (!id) {
    const shape = JSON.stringify(z.toJSONSchema(format.schema, { unrepresentable: "any", io: "output" }));
    id = `${format.what}\n${format.version}\n${createHash("sha256").update(shape).digest("hex")}`;
    schemaIds.set(format as FileFormat<unknown>, id);
  }
  return id;
}

function checksumOf<T>(format: FileFormat<T>, ...body: (string | Uint8Array)[]): string {
  const hash = createHash("sha256").update(schemaId(format)).update("\n");
  for (const part of body) hash.update(part);
  return hash.digest("hex");
}

/**
 * The document's JSON (less its opening brace) when `bytes` are exactly what `encode` wrote for
 * this format (its checksum matches); else undefined. A match means the data passed this schema when it was read and was
 * changed since only by typed code, so it needs no second check: at 10,000 chats zod took most of
 * a start. Anything else (a hand edit, a torn or flipped byte, an older paperboy's file, a file
 * with no checksum) does not match and is checked in full. Hashed as bytes: hashing the decoded
 * text would encode 3 MB back to UTF-8 first (10x slower).
 */
function vouchedBody<T>(bytes: Buffer, format: FileFormat<T>): Buffer | undefined {
  const lead = CHECKSUM_LEAD.length;
  const end = lead + CHECKSUM_HEX;
  if (!format.checksummed || bytes.length < end + 4) return undefined;
  if (bytes.toString("latin1", 0, lead) !== CHECKSUM_LEAD) return undefined;
  if (bytes.toString("latin1", end, end + 2) !== '",') return undefined;
  if (bytes.toString("latin1", bytes.length - 2) !== "}\n") return undefined;
  const rest = bytes.subarray(end + 2, bytes.length - 1);
  return checksumOf(format, "{", rest) === bytes.toString("latin1", lead, end) ? rest : undefined;
}

/** A decoded file: its version on disk, and its data (parsed at first use when the checksum vouched for it). */
export interface Decoded<T> {
  fromVersion: number;
  /** True when the checksum matched: the bytes are exactly what a paperboy of this schema wrote. */
  vouched: boolean;
  data(): T;
}

/**
 * A file's bytes → a checked document of the current version, or a CorruptStoreError naming the
 * file and the fault. A file the checksum vouches for is known good from its bytes alone, so its
 * JSON is parsed at the first `data()` instead (a start polls before it parses 10,000 chats).
 */
export function decode<T>(bytes: Buffer, format: FileFormat<T>, file: string): Decoded<T> {
  const vouched = vouchedBody(bytes, format);
  if (vouched !== undefined) {
    let data: T | undefined;
    // The checksum covers the format's version: the file is of this version, no migration.
    return {
      fromVersion: format.version,
      vouched: true,
      data: () => {
        data ??= JSON.parse(`{${vouched.toString("utf8")}`) as T;
        return data;
      },
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new CorruptStoreError(`${file}: is not valid JSON (${(e as Error).message})`);
  }
  // A stale checksum (the file was edited) is not data: encode writes a fresh one.
  if (format.checksummed && typeof raw === "object" && raw !== null && "checksum" in raw) {
    delete (raw as Record<string, unknown>).checksum;
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
  const data = parsed.data;
  return { fromVersion, vouched: false, data: () => data };
}

/** The file's text for `data` (which passed `format`'s schema): pretty JSON, with a checksum if the format has one. */
export function encode<T>(data: T, format: FileFormat<T>): string {
  const body = JSON.stringify(data, null, 2);
  if (!format.checksummed || !body.startsWith("{\n")) return `${body}\n`;
  return `${CHECKSUM_LEAD}${checksumOf(format, body)}",${body.slice(1)}\n`;
}

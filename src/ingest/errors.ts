/**
 * The one error the importer throws for bad input: a message a person can act on, naming the line
 * of a text issue or the field of a JSON issue. Anything else escaping the importer is a bug.
 */
export class IngestError extends Error {
  override readonly name = "IngestError";
  /** 1-based line in the text (after BOM removal) the problem is on, when there is one. */
  readonly line: number | undefined;
  /** The field path (`sections[2].items[0].title`) for schema problems, when there is one. */
  readonly field: string | undefined;
  /** The file the text came from, when it was loaded from one. */
  readonly file: string | undefined;

  constructor(
    message: string,
    where: { line?: number; field?: string; file?: string; cause?: unknown } = {},
  ) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.line = where.line;
    this.field = where.field;
    this.file = where.file;
  }
}

/** Quotes a piece of input for an error message, shortened so one bad line never floods a terminal. */
export function quoteInput(text: string, max = 60): string {
  const chars = [...text];
  const shown = chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
  return JSON.stringify(shown);
}

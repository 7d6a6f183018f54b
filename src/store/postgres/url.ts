/** A database URL fit to print: the password (if any) replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    // Not parseable as a URL: hide anything between `://user:` and `@` rather than echo it.
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@");
  }
}

/** Whether a string looks like a PostgreSQL connection URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** A PostgreSQL identifier we accept as a schema name: plain, so it never needs quoting tricks. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

import type { z } from "zod";

type ZodIssue = z.ZodError["issues"][number];

/** `["sections", 2, "items", 0, "title"]` → `sections[2].items[0].title`; the empty path is `(issue)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(issue)";
}

/** One readable line per schema problem: `field: what is wrong`. Missing fields say "missing". */
export function describeIssue(issue: ZodIssue): string {
  // The issue's objects are strict: name the stray field where the editor wrote it.
  if (issue.code === "unrecognized_keys") {
    const fields = issue.keys.map((k) => formatPath([...issue.path, k]));
    return `${fields.join(", ")}: unknown field${fields.length > 1 ? "s" : ""} (misspelt? see schema/issue.schema.json)`;
  }
  const missing = issue.code === "invalid_type" && /received undefined$/.test(issue.message);
  const message = missing ? `missing (${issue.message.replace(/^Invalid input: /, "")})` : issue.message;
  return `${formatPath(issue.path)}: ${message}`;
}

/** The first few problems joined, so one message shows enough to fix the file in one go. */
export function describeIssues(issues: readonly ZodIssue[], max = 3): string {
  const shown = issues.slice(0, max).map(describeIssue);
  const more = issues.length > max ? `; and ${issues.length - max} more` : "";
  return shown.join("; ") + more;
}

import { z } from "zod";
import { Issue } from "./issue.ts";

/**
 * The JSON Schema of an issue file, generated from the zod schema (zod 4's z.toJSONSchema) so the two
 * cannot drift: schema/issue.schema.json is this, committed, and a test checks it still matches.
 * The input side: fields with defaults (edition, images, footer …) may be left out of a file.
 * Checks zod runs in code (a real calendar date, unique section keys) are not expressible here.
 */
export function issueJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Issue, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  const properties = schema.properties as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: "paperboy issue",
    description:
      "One issue of the newsletter as `paperboy import issue.json` takes it. Generated from src/domain/issue.ts.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
    // Editors point their file at this schema for completion; the importer ignores the reference.
    properties: { $schema: { type: "string" }, ...properties },
  };
}

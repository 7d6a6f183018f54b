import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { issueJsonSchema } from "../../src/domain/issue-json-schema.ts";
import { IngestError } from "../../src/ingest/errors.ts";
import { parseIssueJson } from "../../src/ingest/parse-json.ts";
import { REPO_ROOT, runCli } from "../support/run-cli.ts";

const SCHEMA_FILE = path.join(REPO_ROOT, "schema/issue.schema.json");
const EXAMPLE_FILE = path.join(REPO_ROOT, "schema/example-issue.json");

describe("the published JSON Schema of an issue file", () => {
  it("is exactly what the zod schema generates (UPDATE_SCHEMA=1 rewrites it)", async () => {
    const generated = `${JSON.stringify(issueJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA) await fs.writeFile(SCHEMA_FILE, generated);
    expect(await fs.readFile(SCHEMA_FILE, "utf8")).toBe(generated);
  });

  it("forbids fields it does not know, at every level, as the importer does", () => {
    const schema = issueJsonSchema() as {
      additionalProperties?: boolean;
      properties: Record<string, { items?: { additionalProperties?: boolean } }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.headlines?.items?.additionalProperties).toBe(false);
    expect(schema.properties.sections?.items?.additionalProperties).toBe(false);
  });

  it("ships an example issue that the importer takes as it is", async () => {
    const res = await runCli(["import", EXAMPLE_FILE, "--dry-run", "--json"]);
    expect(res.code).toBe(0);
    expect(res.stderr).not.toMatch(/unknown field|error/i);
    const issue = JSON.parse(res.stdout) as { date: string; sections: { key: string }[] };
    expect(issue.date).toBe("2025-03-14");
    expect(issue.sections.map((s) => s.key)).toEqual(["ecommerce", "crossborder", "view"]);
  });
});

describe("a JSON issue is checked strictly", () => {
  const base = {
    date: "2025-03-14",
    title: "t",
    sections: [{ key: "ecommerce", title: "E", items: [{ n: 1, title: "a" }] }],
  };

  it("names a misspelt field instead of dropping it", () => {
    const misspelt = (issue: object) => {
      try {
        parseIssueJson(JSON.stringify(issue));
      } catch (err) {
        return err instanceof IngestError ? err.message : String(err);
      }
      return "accepted";
    };
    expect(misspelt({ ...base, headline: [{ n: 1, text: "x" }] })).toMatch(/headline: unknown field/);
    const surce = { ...base, sections: [{ ...base.sections[0], items: [{ n: 1, title: "a", surce: "X" }] }] };
    expect(misspelt(surce)).toMatch(/sections\[0\]\.items\[0\]\.surce: unknown field/);
  });

  it("takes a $schema reference for the editor's tools and stores nothing of it", () => {
    const issue = parseIssueJson(JSON.stringify({ $schema: "./issue.schema.json", ...base }));
    expect(Object.keys(issue)).not.toContain("$schema");
  });
});

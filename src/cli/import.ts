import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { Edition } from "../domain/issue.ts";
import { loadIssueFile } from "../ingest/load.ts";
import { issueWarnings } from "../ingest/warnings.ts";
import { createLogger } from "../log.ts";
import { openStore } from "../store/open.ts";
import { dateArgument } from "./args.ts";
import { refusedImages, refusedImagesText } from "./images.ts";

interface ImportOptions {
  date?: string;
  edition?: string;
  dryRun?: boolean;
  json?: boolean;
  force?: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description("import an issue (newsletter text or JSON); a running bot sees it at once")
    .argument("<file>", "the issue file: text as editors write it, or JSON")
    .option("--date <YYYY-MM-DD>", "the issue's date (else taken from image paths, else the title)")
    .option("--edition <edition>", "evening (default) or morning")
    .option("--dry-run", "parse and check only; store nothing")
    .option("--json", "print the parsed issue as JSON")
    .option("--force", "replace an issue that was already pushed")
    .action(async (file: string, opts: ImportOptions) => {
      const config = loadConfig();
      let issue = await loadIssueFile(file, {
        date: dateArgument(opts.date, "--date"),
        tz: config.tz,
        maxBytes: config.maxIssueBytes,
      });
      if (opts.edition) issue = { ...issue, edition: Edition.parse(opts.edition) };
      if (opts.json) process.stdout.write(`${JSON.stringify(issue, null, 2)}\n`);
      const items = issue.sections.reduce((n, s) => n + s.items.length, 0);
      const summary = `${issue.date} ${issue.edition} «${issue.title}»: ${issue.headlines.length} headlines, ${issue.sections.length} sections (${issue.sections.map((s) => s.key).join(", ")}), ${items} items`;
      // At most a few lines: one big pasted archive must not bury the summary.
      const warnings = issueWarnings(issue);
      for (const w of warnings.slice(0, 5)) process.stderr.write(`warning: ${w}\n`);
      if (warnings.length > 5) process.stderr.write(`warning: … and ${warnings.length - 5} more\n`);
      if (opts.dryRun) {
        process.stderr.write(`checked ${summary}; nothing stored (--dry-run)\n`);
        return;
      }
      const refused = await refusedImages(issue, config);
      if (refused.length > 0) process.stderr.write(`${refusedImagesText(refused)}\n`);
      const store = await openStore(config, { log: createLogger({ level: "warn" }) });
      try {
        const before = (await store.listIssues()).find(
          (i) => i.date === issue.date && i.edition === issue.edition,
        );
        const { replaced } = await store.putIssue(issue, { force: opts.force });
        process.stderr.write(`${replaced ? "replaced" : "imported"} ${summary}\n`);
        if (before?.pushedAt) {
          // The ledger remembers what each chat already got: a forced replacement is not re-sent.
          process.stderr.write(
            `note: this issue was already pushed at ${before.pushedAt}; chats that got it keep the old text. Sections that are new in this version go out with the next \`paperboy push ${issue.date}\`.\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}

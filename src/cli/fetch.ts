import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { openStore } from "../store/open.ts";
import { dateArgument } from "./args.ts";
import { UsageError } from "./failure.ts";

interface FetchOptions {
  date?: string;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * `paperboy fetch [url]`: one fetch of the publisher's site by hand, as the bot does at
 * PAPERBOY_FETCH_AT. A running bot sees the stored issue (and previews it, or corrects the chats).
 */
export function registerFetchCommand(program: Command): void {
  program
    .command("fetch")
    .description("fetch the issue from the publisher's site (feed or article page) and import it")
    .argument("[url]", "a feed or article URL (default PAPERBOY_SOURCE_URL)")
    .option("--date <YYYY-MM-DD>", "the issue's date (else the article's, else the text format's rules)")
    .option("--dry-run", "fetch, parse and check only; store nothing")
    .option("--json", "print the parsed issue as JSON")
    .action(async (url: string | undefined, opts: FetchOptions) => {
      const config = loadConfig();
      const source = url ?? config.sourceUrl;
      if (!source) throw new UsageError("no URL to fetch: give one or set PAPERBOY_SOURCE_URL");
      if (!/^https?:\/\//i.test(source)) throw new UsageError(`expected an http(s) URL, got \`${source}\``);
      const date = dateArgument(opts.date, "--date");
      // Loaded when used: the HTML and feed parsers would slow every other command's start.
      const { fetchIntoStore } = await import("../ingest/web/fetch-into-store.ts");
      const store = opts.dryRun
        ? undefined
        : await openStore(config.dataDir, { log: createLogger({ level: "warn" }) });
      try {
        // A dry run never opens the store: nothing can be written, validators included.
        const outcome = await fetchIntoStore(config, store, {
          url: source,
          dryRun: opts.dryRun,
          date,
        });
        if (outcome.status === "unchanged") {
          process.stderr.write(`unchanged: ${outcome.url} answered 304 Not Modified; nothing stored\n`);
          return;
        }
        const { issue } = outcome;
        if (opts.json) process.stdout.write(`${JSON.stringify(issue, null, 2)}\n`);
        const items = issue.sections.reduce((n, s) => n + s.items.length, 0);
        const summary = `${issue.date} ${issue.edition} «${issue.title}» from ${outcome.articleUrl}: ${issue.headlines.length} headlines, ${issue.sections.length} sections (${issue.sections.map((s) => s.key).join(", ")}), ${items} items`;
        const verb =
          outcome.status === "checked"
            ? "checked"
            : outcome.status === "same"
              ? "already stored"
              : outcome.replaced
                ? "replaced"
                : "imported";
        const tail = outcome.status === "checked" ? "; nothing stored (--dry-run)" : "";
        process.stderr.write(`${verb} ${summary}${tail}\n`);
      } finally {
        await store?.close();
      }
    });
}

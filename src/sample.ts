import { fileURLToPath } from "node:url";
import type { Config } from "./config.ts";
import { loadIssueFile } from "./ingest/load.ts";
import type { Logger } from "./log.ts";
import type { Store } from "./store/store.ts";

/** The issue bundled with paperboy, written in the newsletter's text format, for the first console chat. */
export const SAMPLE_ISSUE_PATH = fileURLToPath(
  new URL("../data/samples/sample-issue.zh.txt", import.meta.url),
);

/** On a first start with no issue stored, imports the bundled sample so `/today` has something to show. */
export async function importSampleIfEmpty(store: Store, config: Config, log: Logger): Promise<boolean> {
  if ((await store.listIssues()).length > 0) return false;
  const issue = await loadIssueFile(SAMPLE_ISSUE_PATH, { tz: config.tz });
  await store.putIssue(issue);
  log.info({ date: issue.date }, "imported the bundled sample issue (the data dir had none)");
  return true;
}

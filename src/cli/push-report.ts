import type { Config } from "../config.ts";
import { currentPushReport, formatPushReport } from "../delivery/report.ts";
import type { Store } from "../store/store.ts";

/** Prints the report of the push of `date`, or of the last push, counted from its ledger while it runs. */
export async function printPushReport(store: Store, config: Config, date?: string): Promise<void> {
  const report = await currentPushReport(store, config, date);
  if (!report) {
    process.stdout.write(date ? `no push recorded for ${date}\n` : "no push yet\n");
    return;
  }
  process.stdout.write(`${formatPushReport(report, config.locale)}\n`);
}

import { ConfigError } from "../config.ts";
import { IngestError } from "../ingest/errors.ts";
import { redactSecrets } from "../log.ts";
import { StoreError } from "../store/store.ts";

/** Known failures get one clear line and exit code 1 (2 for configuration); anything else its stack. */
export function reportFailure(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`paperboy: configuration error\n${err.message}\n`);
    return 2;
  }
  if (err instanceof IngestError || err instanceof StoreError) {
    process.stderr.write(`paperboy: ${err.message}\n`);
    return 1;
  }
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`paperboy: ${redactSecrets(text)}\n`);
  return 1;
}

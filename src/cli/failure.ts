import { ZodError } from "zod";
import { ConfigError, logLevelFromEnv } from "../config.ts";
import { SendError } from "../core/ports/index.ts";
import { BotAlreadyRunning } from "../delivery/control.ts";
import { IngestError } from "../ingest/errors.ts";
import { redactSecrets } from "../log.ts";
import { PlatformUnreachable } from "../platforms/startup.ts";
import { AnotherBotRunning } from "../store/instance-lock.ts";
import { StoreError } from "../store/store.ts";

/** A command-line value the user typed was wrong (an option, a date). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Known failures get one clear line: exit code 2 for configuration and usage, 1 for the rest. An
 * unexpected error shows its stack only when asked (PAPERBOY_LOG_LEVEL=debug): an operator needs the
 * message, a developer the stack. Tokens are redacted either way.
 */
export function reportFailure(err: unknown): number {
  const say = (text: string) => process.stderr.write(`paperboy: ${redactSecrets(text)}\n`);
  if (err instanceof ConfigError) {
    say(`configuration error\n${err.message}`);
    return 2;
  }
  if (err instanceof UsageError) {
    say(err.message);
    return 2;
  }
  if (err instanceof ZodError) {
    say(err.issues.map((i) => `${i.path.length ? `--${i.path.join(".")}: ` : ""}${i.message}`).join("\n"));
    return 2;
  }
  if (
    err instanceof IngestError ||
    err instanceof StoreError ||
    err instanceof BotAlreadyRunning ||
    err instanceof AnotherBotRunning ||
    err instanceof PlatformUnreachable
  ) {
    say(err.message);
    return 1;
  }
  if (err instanceof SendError) {
    say(`the platform refused: ${err.message}`);
    return 1;
  }
  const debug = /^(debug|trace)$/i.test(logLevelFromEnv() ?? "");
  if (err instanceof Error) {
    say(debug ? (err.stack ?? err.message) : `${err.message}\n(set PAPERBOY_LOG_LEVEL=debug to see where)`);
  } else {
    say(String(err));
  }
  return 1;
}

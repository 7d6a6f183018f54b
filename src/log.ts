import pino from "pino";
import { logLevelFromEnv } from "./config.ts";

/**
 * One structured logger for the whole bot. Secrets and personal data are redacted by path so a
 * stray `log.info({ config })` cannot print a token or a phone number.
 */
export const REDACT_PATHS = [
  "token",
  "*.token",
  "*.*.token",
  "*.key",
  "*.*.key",
  "puppetToken",
  "*.puppetToken",
  "*.phone",
  "*.contact",
  "*.wechatId",
  "databaseUrl",
  "*.databaseUrl",
];

export function createLogger(opts: { level?: string; pretty?: boolean; destination?: number } = {}) {
  const level = opts.level ?? logLevelFromEnv() ?? "info";
  // Logs go to stderr so stdout stays the console chat and CLI output.
  const destination = opts.destination ?? 2;
  // `CI` is read here, not in config.ts: like isTTY it is a fact about where stderr goes (CI
  // keeps JSON lines), set by the CI system, not a paperboy setting an operator documents.
  if (opts.pretty ?? (process.stderr.isTTY && !process.env.CI)) {
    return pino({
      level,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      transport: { target: "pino-pretty", options: { destination, colorize: true, ignore: "pid,hostname" } },
    });
  }
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } },
    pino.destination(destination),
  );
}

export type Logger = pino.Logger;

/** Hides a bot token, a webhook key (URLs carry them: `/bot123:ABC/sendMessage`, `?key=…`) or a database password inside any string. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, "[token]")
    .replace(/(token=|key=)[^&\s]+/gi, "$1[redacted]")
    .replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, "$1***@");
}

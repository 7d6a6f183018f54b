import { Ledger } from "../ledger.ts";
import type { JobContext } from "./job.ts";

/** Unfinished ledgers older than this (by the kind's own clock) are old news: they are not resumed. */
export const RESUME_WITHIN_DAYS = 1;

/** Whether a job's ledger still has messages to send. */
export async function hasPending(ctx: JobContext, id: string): Promise<boolean> {
  const ledger = await Ledger.open(ctx.config.dataDir, id, ctx.ledger);
  try {
    return ledger.counts().pending > 0;
  } finally {
    await ledger.close();
  }
}

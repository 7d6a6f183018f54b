import { Ledger } from "../ledger.ts";
import type { JobContext } from "./job.ts";

/** Unfinished ledgers older than this (by the kind's own clock) are old news: they are not resumed. */
export const RESUME_WITHIN_DAYS = 1;

/** Whether a job's ledger still has messages to send. */
export async function hasPending(ctx: JobContext, id: string): Promise<boolean> {
  return (await ledgerCounts(ctx, id)).pending > 0;
}

/** How many records of a job's ledger are pending, and how many there are. */
export async function ledgerCounts(
  ctx: JobContext,
  id: string,
): Promise<{ pending: number; records: number }> {
  const ledger = await Ledger.open(ctx.config.dataDir, id, ctx.ledger);
  try {
    return { pending: ledger.counts().pending, records: ledger.all().length };
  } finally {
    await ledger.close();
  }
}

import { broadcastKind } from "./broadcast.ts";
import type { JobKind } from "./job.ts";
import { pushKind } from "./push.ts";

/**
 * Every kind of job, in the order a start resumes them: broadcasts first (side by side), then
 * pushes (one after the other). The correction has no entry: it is started from a diff, which its
 * ledger does not keep; the next check of the source starts it again and the ledger skips what went.
 */
export const JOB_KINDS: readonly JobKind[] = [broadcastKind, pushKind];

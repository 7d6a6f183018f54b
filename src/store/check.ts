import type { z } from "zod";
import { StoreError } from "./store.ts";

/**
 * Checks a value against its schema before it is stored, so a bad record is refused at the call
 * (a StoreError naming the fields) instead of being written and making the whole file unreadable.
 */
export function checkRecord<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const faults = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(".") || what}: ${i.message}`);
  throw new StoreError(`not a valid ${what}: ${faults.join("; ")}`);
}

import { IsoDate } from "../domain/issue.ts";
import { UsageError } from "./failure.ts";

/** A date argument as the CLI takes it (YYYY-MM-DD), refused with a usage error naming it. */
export function dateArgument(value: string | undefined, what = "date"): string | undefined {
  if (value === undefined) return undefined;
  const parsed = IsoDate.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`expected the ${what} as YYYY-MM-DD (e.g. 2018-01-08), got \`${value}\``);
  return parsed.data;
}

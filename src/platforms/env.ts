/**
 * A number from an environment variable: the fallback when unset or blank, NaN when not a number (so
 * the config schema names the variable and the bad value instead of quietly using the fallback).
 */
export function envNumber(v: string | undefined, fallback: number): number {
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
}

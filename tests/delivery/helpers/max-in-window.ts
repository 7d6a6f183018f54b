/**
 * The largest number of stamps in any window (t - windowMs, t]: what a server counts that drops the
 * stamps `<= t - windowMs` (the Bot API stand-in does).
 */
export function maxInWindow(stamps: number[], windowMs: number): number {
  const s = [...stamps].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < s.length; hi++) {
    while ((s[lo] as number) <= (s[hi] as number) - windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Order statistics every benchmark prints its timings with. */

/**
 * The value at percentile `p` (0–100) of `sorted` (ascending): the nearest rank below, so p99 of 100
 * timings is the 100th, the slowest; NaN when there are none.
 */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The median of `values` (any order): the mean of the two middle ones when their count is even; NaN when empty. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

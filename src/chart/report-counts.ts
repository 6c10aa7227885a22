export interface DayCount {
  /** YYYY-MM-DD */
  day: string;
  reports: number;
}

/**
 * How many reports were published on each day, oldest first, within `since`..`until` when given.
 * Undated reports are left out; an inferred publication date counts like a stated one.
 */
export function reportsPerDay(
  corpus: { reports: readonly { date: string | null }[] },
  range: { since?: string | null; until?: string | null } = {},
): DayCount[] {
  const counts = new Map<string, number>();
  for (const report of corpus.reports) {
    const day = report.date;
    if (day === null) continue;
    if (range.since && day < range.since) continue;
    if (range.until && day > range.until) continue;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, reports]) => ({ day, reports }));
}

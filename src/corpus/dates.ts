/** Calendar helpers shared by the corpus, the index filters and the timeline. Dates are ISO strings. */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns `s` when it is a real calendar day in YYYY-MM-DD form ("2017-13-45" and "2017-02-29" are not). */
export function parseIsoDate(s: string): string | null {
  const m = ISO_DAY.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? s : null;
}

function toIsoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDay(date);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

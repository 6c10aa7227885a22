// The one calendar: proleptic Gregorian arithmetic on year/month/day triples, and the same on ISO day strings
// ("YYYY-MM-DD") for the corpus, the index filters and the timeline. Everything goes through UTC day numbers so
// results never depend on the host time zone or DST.

export interface CivilDate {
  readonly y: number;
  readonly m: number; // 1-12
  readonly d: number; // 1-31
}

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // Sunday = 0, as in Date#getUTCDay and chrono

const MS_PER_DAY = 86_400_000;

// Four-digit years only: the normalised formats ("YYYY", "YYYY-MM", "YYYY-Www") have no room for more.
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function isValidCivil(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    y >= MIN_YEAR &&
    y <= MAX_YEAR &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

export function civil(y: number, m: number, d: number): CivilDate | null {
  return isValidCivil(y, m, d) ? { y, m, d } : null;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict "YYYY-MM-DD" that names a real calendar day (years 1000-9999). */
export function toCivil(s: string): CivilDate | null {
  const match = ISO_DAY.exec(s);
  if (!match) return null;
  return civil(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function dayNumber(c: CivilDate): number {
  // Date.UTC maps years 0-99 onto 1900-1999; setUTCFullYear does not, and MIN_YEAR keeps us clear anyway.
  return Math.round(Date.UTC(c.y, c.m - 1, c.d) / MS_PER_DAY);
}

function fromDayNumber(n: number): CivilDate {
  const date = new Date(n * MS_PER_DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

export function addDays(c: CivilDate, days: number): CivilDate {
  return fromDayNumber(dayNumber(c) + days);
}

export function weekdayOf(c: CivilDate): Weekday {
  // Day 0 of the epoch (1970-01-01) was a Thursday.
  return ((((dayNumber(c) + 4) % 7) + 7) % 7) as Weekday;
}

/** Adds whole months, keeping day 1 (callers only need month granularity). */
export function addMonths(y: number, m: number, months: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + months;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

/** ISO-8601 week: weeks start on Monday and week 1 holds the year's first Thursday. */
export function isoWeekOf(c: CivilDate): { year: number; week: number } {
  const isoWeekday = weekdayOf(c) === 0 ? 7 : weekdayOf(c);
  const thursday = addDays(c, 4 - isoWeekday);
  const jan1 = dayNumber({ y: thursday.y, m: 1, d: 1 });
  return { year: thursday.y, week: Math.floor((dayNumber(thursday) - jan1) / 7) + 1 };
}

export function mondayOf(c: CivilDate): CivilDate {
  const isoWeekday = weekdayOf(c) === 0 ? 7 : weekdayOf(c);
  return addDays(c, 1 - isoWeekday);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export function formatDay(c: CivilDate): string {
  return `${pad(c.y, 4)}-${pad(c.m, 2)}-${pad(c.d, 2)}`;
}

export function formatMonth(y: number, m: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}`;
}

export function formatYear(y: number): string {
  return pad(y, 4);
}

export function formatIsoWeek(c: CivilDate): string {
  const { year, week } = isoWeekOf(c);
  return `${pad(year, 4)}-W${pad(week, 2)}`;
}

export function inSupportedRange(c: CivilDate): boolean {
  return c.y >= MIN_YEAR && c.y <= MAX_YEAR;
}

// ---------------------------------------------------------------------------------------------------------------
// ISO day strings: what reports, filters and timeline entries carry.

export type DatePrecision = "day" | "week" | "month" | "year";

/** Returns `s` when it is a real calendar day in YYYY-MM-DD form ("2017-13-45" and "2017-02-29" are not). */
export function parseIsoDate(s: string): string | null {
  return toCivil(s) ? s : null;
}

function civilOrThrow(isoDay: string): CivilDate {
  const c = toCivil(isoDay);
  if (!c) throw new Error(`not a calendar day as YYYY-MM-DD: ${JSON.stringify(isoDay)}`);
  return c;
}

/** The first day of the month `months` months after the one `isoDay` falls in ("2010-06-14", 2: "2010-08-01"). */
export function monthStartAfter(isoDay: string, months: number): string {
  const { y, m } = addMonths(Number(isoDay.slice(0, 4)), Number(isoDay.slice(5, 7)), months);
  return `${formatMonth(y, m)}-01`;
}

/** The same day `years` years earlier, or the month's last day where it has none (2012-02-29, 1: 2011-02-28). */
export function yearsEarlier(isoDay: string, years: number): string {
  const { y, m, d } = civilOrThrow(isoDay);
  return formatDay({ y: y - years, m, d: Math.min(d, daysInMonth(y - years, m)) });
}

/** `isoDay` moved by `days` (negative goes back). */
export function shiftDay(isoDay: string, days: number): string {
  return formatDay(addDays(civilOrThrow(isoDay), days));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(civilOrThrow(b)) - dayNumber(civilOrThrow(a));
}

/** The last day of the period that starts on `day` at `precision` (a week starts on its Monday). */
export function periodEnd(day: string, precision: DatePrecision): string {
  const c = civilOrThrow(day);
  switch (precision) {
    case "day":
      return day;
    case "week":
      return formatDay(addDays(c, 6));
    case "month":
      return formatDay({ y: c.y, m: c.m, d: daysInMonth(c.y, c.m) });
    case "year":
      return `${formatYear(c.y)}-12-31`;
  }
}

/** A period as a reader is told it: "on 2017-06-27" for one day, "2017-06-01 to 2017-06-30", "2016-01-01 to now". */
export function describePeriod(since: string | null, until: string | null): string {
  if (since !== null && since === until) return `on ${since}`;
  return `${since ?? "any time"} to ${until ?? "now"}`;
}

/** The `n`th `weekday` of a month (n = -1: the last one): "the fourth Thursday of November". */
export function nthWeekdayOfMonth(y: number, m: number, weekday: Weekday, n: number): CivilDate {
  if (n > 0) {
    const first = { y, m, d: 1 };
    return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1));
  }
  const last = { y, m, d: daysInMonth(y, m) };
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

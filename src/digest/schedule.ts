import { Cron } from "croner";
import { ScheduleError } from "./errors.js";

/**
 * Digest schedules: "daily HH:MM", "weekly <day> HH:MM" or a cron expression, in an IANA time zone.
 *
 * Daylight saving: croner (11) treats a job whose hours, minutes and seconds are fixed values as a
 * fixed-time job. A local time that does not exist (spring forward) runs at the first valid time
 * after the gap, and a time that happens twice (fall back) runs once, on its first occurrence. So
 * a daily digest never skips nor doubles a day; test/digest/schedule.test.ts pins that behaviour in
 * London and New York. `fixedTimeRule: "no-wildcard"` extends it to lists and ranges ("0 9,17 * * *"),
 * which people also read as fixed times of day. Only wildcard and step jobs ("*\/30 * * * *") keep
 * plain interval semantics, where the gap is skipped and repeated times run twice.
 */

export type ScheduleKind = "daily" | "weekly" | "cron";

export interface Schedule {
  /** Normalised form, as stored and shown: "daily 09:00", "weekly monday 09:00" or the cron expression. */
  text: string;
  kind: ScheduleKind;
  /** IANA name, canonical spelling. */
  timezone: string;
  /** The cron pattern croner runs. */
  pattern: string;
  /** For people: "every day at 09:00 (Europe/London)". */
  description: string;
}

export const SCHEDULE_HELP = 'Use "daily 09:00", "weekly monday 09:00" or a cron expression like "0 9 * * 1-5".';
export const TIMEZONE_HELP = 'Use an IANA time zone name such as "Europe/London", "America/New_York" or "UTC".';
export const DEFAULT_TIMEZONE = "UTC";
/** Digests more often than this would flood a channel; also bounds the work a catch-up has to count. */
export const MIN_INTERVAL_MS = 60 * 60 * 1000;
/** Runs counted at most when measuring a gap; a catch-up only needs "how many", roughly. */
export const MAX_COUNTED_RUNS = 1000;

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

function dayIndex(name: string): number | null {
  const lower = name.toLowerCase();
  const index = DAYS.findIndex((d) => d === lower || d.slice(0, 3) === lower);
  return index === -1 ? null : index;
}

function invalid(text: string, detail?: string): ScheduleError {
  const why = detail ? ` (${detail})` : "";
  return new ScheduleError(`Schedule "${text}" is not valid${why}. ${SCHEDULE_HELP}`);
}

function parseClock(text: string, hh: string, mm: string): { hour: number; minute: number } {
  const hour = Number(hh);
  const minute = Number(mm);
  if (hour > 23 || minute > 59) throw invalid(text, `${hh}:${mm} is not a time of day`);
  return { hour, minute };
}

const pad = (n: number) => String(n).padStart(2, "0");

// --- Time zones -------------------------------------------------------------------------------

let zoneList: readonly string[] | null = null;

/** Every IANA zone this runtime knows, plus "UTC" (which Intl leaves out of its list). */
export function timeZones(): readonly string[] {
  if (!zoneList) {
    const zones = new Set(Intl.supportedValuesOf("timeZone"));
    zones.add("UTC");
    zoneList = [...zones].sort();
  }
  return zoneList;
}

/**
 * Zones matching what someone has typed so far, best first, for autocomplete: "london",
 * "new york" and "America/New" all find "America/New_York".
 */
export function searchTimeZones(query: string, limit = 25): string[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, "_");
  const zones = timeZones();
  if (q === "") return ["UTC", ...zones.filter((z) => z !== "UTC")].slice(0, limit);
  const scored: { zone: string; score: number }[] = [];
  for (const zone of zones) {
    const lower = zone.toLowerCase();
    const city = lower.slice(lower.lastIndexOf("/") + 1);
    let score = -1;
    if (lower === q || city === q) score = 0;
    else if (lower.startsWith(q)) score = 1;
    else if (city.startsWith(q)) score = 2;
    else if (lower.split("/").some((part) => part.startsWith(q))) score = 3;
    else if (lower.includes(q)) score = 4;
    if (score >= 0) scored.push({ zone, score });
  }
  scored.sort((a, b) => a.score - b.score || a.zone.length - b.zone.length || a.zone.localeCompare(b.zone));
  return scored.slice(0, limit).map((s) => s.zone);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** Close matches for a mistyped zone: by prefix and substring first, then by spelling. */
function suggestTimeZones(typed: string): string[] {
  const found = searchTimeZones(typed, 3);
  if (found.length > 0) return found;
  const q = typed.toLowerCase().replace(/\s+/g, "_");
  const city = q.slice(q.lastIndexOf("/") + 1);
  return timeZones()
    .map((zone) => {
      const lower = zone.toLowerCase();
      const zoneCity = lower.slice(lower.lastIndexOf("/") + 1);
      return { zone, distance: Math.min(editDistance(q, lower), editDistance(city, zoneCity)) };
    })
    .filter((z) => z.distance <= Math.max(1, Math.floor(city.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.zone.localeCompare(b.zone))
    .slice(0, 3)
    .map((z) => z.zone);
}

/** A valid IANA zone name in its usual spelling ("europe/london" → "Europe/London"), or a ScheduleError. */
export function parseTimeZone(name: string | null | undefined): string {
  const trimmed = (name ?? "").trim();
  if (trimmed === "") return DEFAULT_TIMEZONE;
  const listed = timeZones().find((z) => z.toLowerCase() === trimmed.toLowerCase());
  if (listed) return listed;
  try {
    // Aliases the list leaves out ("US/Eastern", "Asia/Kolkata" on some ICU builds) are still valid.
    return new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    const suggestions = suggestTimeZones(trimmed);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : "";
    throw new ScheduleError(`Time zone "${trimmed}" is not known. ${TIMEZONE_HELP}${hint}`);
  }
}

// --- Parsing ----------------------------------------------------------------------------------

const croners = new Map<string, Cron>();

function cronFor(pattern: string, timezone: string): Cron {
  const key = `${timezone}\0${pattern}`;
  let cron = croners.get(key);
  if (!cron) {
    // No callback: croner never starts a timer for this object, it is only used for date maths.
    cron = new Cron(pattern, { timezone, mode: "5-or-6-parts", fixedTimeRule: "no-wildcard", paused: true });
    if (croners.size > 1000) croners.clear();
    croners.set(key, cron);
  }
  return cron;
}

export interface ParseOptions {
  /** Shortest allowed time between two runs; default one hour. */
  minIntervalMs?: number;
  /** Reference time for the frequency check (tests); default now. */
  now?: number;
  /** Check that the schedule runs, and not too often (default true). */
  check?: boolean;
}

/**
 * Parses and validates a schedule. Refused with a ScheduleError whose message shows valid examples:
 * unknown syntax, impossible times, unknown zones, patterns that never run or run too often.
 */
export function parseSchedule(text: string, timezone?: string | null, options: ParseOptions = {}): Schedule {
  const zone = parseTimeZone(timezone);
  const raw = text.trim().replace(/\s+/g, " ");
  if (raw === "") throw new ScheduleError(`The schedule is empty. ${SCHEDULE_HELP}`);
  let schedule: Schedule;
  const daily = /^daily (\d{1,2}):(\d{2})$/i.exec(raw);
  const weekly = /^weekly ([a-z]+) (\d{1,2}):(\d{2})$/i.exec(raw);
  if (daily) {
    const { hour, minute } = parseClock(raw, daily[1] as string, daily[2] as string);
    const at = `${pad(hour)}:${pad(minute)}`;
    schedule = {
      text: `daily ${at}`,
      kind: "daily",
      timezone: zone,
      pattern: `${minute} ${hour} * * *`,
      description: `every day at ${at} (${zone})`,
    };
  } else if (weekly) {
    const day = dayIndex(weekly[1] as string);
    if (day === null) throw invalid(raw, `"${weekly[1]}" is not a day of the week`);
    const { hour, minute } = parseClock(raw, weekly[2] as string, weekly[3] as string);
    const at = `${pad(hour)}:${pad(minute)}`;
    const name = DAYS[day] as string;
    schedule = {
      text: `weekly ${name} ${at}`,
      kind: "weekly",
      timezone: zone,
      pattern: `${minute} ${hour} * * ${day}`,
      description: `every ${name[0]?.toUpperCase()}${name.slice(1)} at ${at} (${zone})`,
    };
  } else if (/^(daily|weekly)\b/i.test(raw)) {
    throw invalid(raw);
  } else {
    const fields = raw.split(" ").length;
    if (!raw.startsWith("@") && fields !== 5 && fields !== 6) throw invalid(raw);
    try {
      cronFor(raw, zone);
    } catch (error) {
      const detail = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, "") : undefined;
      throw invalid(raw, detail);
    }
    schedule = { text: raw, kind: "cron", timezone: zone, pattern: raw, description: `cron "${raw}" (${zone})` };
  }
  if (options.check !== false) {
    checkFrequency(schedule, options.minIntervalMs ?? MIN_INTERVAL_MS, options.now ?? Date.now());
  }
  return schedule;
}

function checkFrequency(schedule: Schedule, minIntervalMs: number, now: number): void {
  const runs = cronFor(schedule.pattern, schedule.timezone).nextRuns(50, new Date(now));
  if (runs.length === 0) {
    throw new ScheduleError(`Schedule "${schedule.text}" never runs. ${SCHEDULE_HELP}`);
  }
  let shortest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < runs.length; i++) {
    shortest = Math.min(shortest, (runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime());
  }
  if (shortest < minIntervalMs) {
    const every =
      shortest < 60_000 ? `${Math.round(shortest / 1000)} seconds` : `${Math.round(shortest / 60_000)} minutes`;
    const limit =
      minIntervalMs >= 3_600_000 ? `${minIntervalMs / 3_600_000} hour(s)` : `${minIntervalMs / 60_000} minutes`;
    throw new ScheduleError(
      `Schedule "${schedule.text}" runs every ${every}; digests can run at most once every ${limit}. ${SCHEDULE_HELP}`,
    );
  }
}

const loaded = new Map<string, Schedule>();

/**
 * A stored schedule: parsed again (cheaply, cached) but not re-checked for frequency, since it was
 * checked when saved and the limit may have changed since. Throws a ScheduleError if it no longer
 * parses at all (a time zone dropped from the runtime's database).
 */
export function loadSchedule(text: string, timezone: string): Schedule {
  const key = `${timezone}\0${text}`;
  let schedule = loaded.get(key);
  if (!schedule) {
    schedule = parseSchedule(text, timezone, { minIntervalMs: 0, check: false });
    if (loaded.size > 1000) loaded.clear();
    loaded.set(key, schedule);
  }
  return schedule;
}

// --- Run maths --------------------------------------------------------------------------------

const toMs = (t: Date | number) => (typeof t === "number" ? t : t.getTime());

/** The first run strictly after `after`, or null when the schedule has no more runs. */
export function nextRun(schedule: Schedule, after: Date | number): Date | null {
  return cronFor(schedule.pattern, schedule.timezone).nextRun(new Date(toMs(after)));
}

/** Runs in (from, to], oldest first, at most `limit` of them. */
export function runsBetween(schedule: Schedule, from: Date | number, to: Date | number, limit = 1000): Date[] {
  const end = toMs(to);
  const runs: Date[] = [];
  let cursor = nextRun(schedule, from);
  while (cursor && cursor.getTime() <= end && runs.length < limit) {
    runs.push(cursor);
    cursor = nextRun(schedule, cursor);
  }
  return runs;
}

/**
 * The runs due in (from, to]: the latest one and how many there were (counting stops at
 * MAX_COUNTED_RUNS). Null when none is due. A catch-up covers them all with one digest.
 */
export function dueRuns(
  schedule: Schedule,
  from: Date | number,
  to: Date | number,
): { latest: Date; count: number; countCapped: boolean } | null {
  const end = toMs(to);
  const runs = runsBetween(schedule, from, end, MAX_COUNTED_RUNS);
  const walked = runs[runs.length - 1];
  if (!walked) return null;
  if (runs.length < MAX_COUNTED_RUNS) return { latest: walked, count: runs.length, countCapped: false };
  // A gap of more than MAX_COUNTED_RUNS runs: stop counting, but still find the latest run.
  const [previous] = cronFor(schedule.pattern, schedule.timezone).previousRuns(1, new Date(end + 1));
  const latest = previous && previous.getTime() <= end && previous > walked ? previous : walked;
  return { latest, count: runs.length, countCapped: true };
}

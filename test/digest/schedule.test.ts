import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ScheduleError } from "../../src/digest/errors.js";
import {
  dueRuns,
  nextRun,
  parseSchedule,
  parseTimeZone,
  runsBetween,
  SCHEDULE_HELP,
  searchTimeZones,
  timeZones,
} from "../../src/digest/schedule.js";

const at = (iso: string) => new Date(iso).getTime();
const isoOf = (dates: Date[]) => dates.map((d) => d.toISOString());

/**
 * One formatter per zone and kind: making an Intl.DateTimeFormat costs far more than formatting
 * with one, and the DST property formats a year of runs per case.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(kind: "date" | "time", timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter =
      kind === "date"
        ? new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
        : new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The local calendar date of an instant in a zone, "2025-03-30". */
function localDate(date: Date, timeZone: string): string {
  return formatterFor("date", timeZone).format(date);
}

function localTime(date: Date, timeZone: string): string {
  return formatterFor("time", timeZone).format(date);
}

describe("parseSchedule", () => {
  it("normalises daily, weekly and cron schedules", () => {
    expect(parseSchedule("Daily 9:05")).toMatchObject({
      text: "daily 09:05",
      kind: "daily",
      timezone: "UTC",
      pattern: "5 9 * * *",
      description: "every day at 09:05 (UTC)",
    });
    expect(parseSchedule("weekly MON 18:30", "europe/london")).toMatchObject({
      text: "weekly monday 18:30",
      kind: "weekly",
      timezone: "Europe/London",
      pattern: "30 18 * * 1",
      description: "every Monday at 18:30 (Europe/London)",
    });
    expect(parseSchedule("weekly sunday 00:00").pattern).toBe("0 0 * * 0");
    expect(parseSchedule("  0  9 * * 1-5 ", "America/New_York")).toMatchObject({
      text: "0 9 * * 1-5",
      kind: "cron",
      timezone: "America/New_York",
    });
    // Six fields: seconds first.
    expect(parseSchedule("30 0 9 * * *").kind).toBe("cron");
  });

  it("reads cron nicknames as their cron patterns, in the schedule's zone, and refuses @reboot", () => {
    const monday = Date.UTC(2026, 0, 5, 12, 0); // a Monday, noon in London
    const weekly = parseSchedule("@weekly", "Europe/London", { now: monday });
    expect(weekly).toMatchObject({ kind: "cron", text: "@weekly", timezone: "Europe/London" });
    // Sunday midnight, London time (UTC in January).
    expect(nextRun(weekly, monday)?.toISOString()).toBe("2026-01-11T00:00:00.000Z");
    expect(nextRun(parseSchedule("@daily", "Asia/Tokyo", { now: monday }), monday)?.toISOString()).toBe(
      "2026-01-05T15:00:00.000Z",
    );
    expect(() => parseSchedule("@reboot")).toThrow(/Schedule "@reboot" is not valid/);
  });

  it("refuses invalid schedules with a message that shows valid ones", () => {
    expect(() => parseSchedule("dayly 9")).toThrow(
      'Schedule "dayly 9" is not valid. ' +
        'Use "daily 09:00", "weekly monday 09:00" or a cron expression like "0 9 * * 1-5".',
    );
    const cases: [string, RegExp][] = [
      ["daily 25:00", /25:00 is not a time of day/],
      ["daily 9", /is not valid/],
      ["weekly funday 09:00", /"funday" is not a day of the week/],
      ["weekly monday", /is not valid/],
      ["0 9 * *", /is not valid/],
      ["0 0 9 * * * 2030", /is not valid/],
      ["61 * * * *", /minute/],
      ["0 0 30 2 *", /never runs/],
      ["* * * * *", /runs every 1 minutes; digests can run at most once every 1 hour/],
      ["*/5 * * * * *", /runs every 5 seconds/],
      ["", /empty/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseSchedule(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(ScheduleError);
      expect((error as Error).message, text).toMatch(message);
      expect((error as Error).message, text).toContain(SCHEDULE_HELP);
    }
  });

  it("refuses unknown time zones with examples and suggestions", () => {
    expect(() => parseSchedule("daily 09:00", "Mars/Olympus")).toThrow(
      /Time zone "Mars\/Olympus" is not known\. Use an IANA time zone name such as "Europe\/London"/,
    );
    expect(() => parseTimeZone("Europe/Londn")).toThrow(/Did you mean "Europe\/London"/);
    expect(parseTimeZone("utc")).toBe("UTC");
    expect(parseTimeZone(undefined)).toBe("UTC");
    expect(parseTimeZone("AMERICA/NEW_YORK")).toBe("America/New_York");
  });
});

describe("time zones", () => {
  it("lists IANA zones plus UTC", () => {
    const zones = timeZones();
    expect(zones).toContain("UTC");
    expect(zones).toContain("Europe/London");
    expect(zones.length).toBeGreaterThan(300);
  });

  it("finds zones by city, region or prefix", () => {
    expect(searchTimeZones("london")[0]).toBe("Europe/London");
    expect(searchTimeZones("new york")[0]).toBe("America/New_York");
    expect(searchTimeZones("America/New")[0]).toBe("America/New_York");
    expect(searchTimeZones("")[0]).toBe("UTC");
    expect(searchTimeZones("europe", 5)).toHaveLength(5);
    expect(searchTimeZones("zzzz")).toEqual([]);
  });
});

describe("run maths", () => {
  it("nextRun is strictly after, runsBetween is (from, to]", () => {
    const daily = parseSchedule("daily 09:00");
    expect(nextRun(daily, at("2025-06-01T09:00:00Z"))?.toISOString()).toBe("2025-06-02T09:00:00.000Z");
    expect(nextRun(daily, at("2025-06-01T08:59:59.900Z"))?.toISOString()).toBe("2025-06-01T09:00:00.000Z");
    expect(isoOf(runsBetween(daily, at("2025-06-01T09:00:00Z"), at("2025-06-03T09:00:00Z")))).toEqual([
      "2025-06-02T09:00:00.000Z",
      "2025-06-03T09:00:00.000Z",
    ]);
  });

  it("follows the zone: 09:00 in New York is 13:00 UTC in summer and 14:00 in winter", () => {
    const s = parseSchedule("daily 09:00", "America/New_York");
    expect(nextRun(s, at("2025-07-01T00:00:00Z"))?.toISOString()).toBe("2025-07-01T13:00:00.000Z");
    expect(nextRun(s, at("2025-12-01T00:00:00Z"))?.toISOString()).toBe("2025-12-01T14:00:00.000Z");
  });

  it("counts the runs of a gap for one catch-up, latest first", () => {
    const s = parseSchedule("daily 09:00", "Europe/London");
    const due = dueRuns(s, at("2025-06-02T08:00:00Z"), at("2025-06-05T09:00:00Z"));
    // From exactly the 2 June run (09:00 BST): 3, 4 and 5 June are due.
    expect(due).toEqual({ latest: new Date("2025-06-05T08:00:00Z"), count: 3, countCapped: false });
    expect(dueRuns(s, at("2025-06-05T08:00:00Z"), at("2025-06-05T07:59:59Z"))).toBeNull();
  });

  it("caps the count of a very long gap but still finds the latest run", () => {
    const s = parseSchedule("0 * * * *");
    const due = dueRuns(s, at("2020-01-01T00:00:00Z"), at("2025-06-05T09:30:00Z"));
    expect(due?.countCapped).toBe(true);
    expect(due?.latest.toISOString()).toBe("2025-06-05T09:00:00.000Z");
  });
});

describe("daylight saving", () => {
  const days = (runs: Date[], tz: string) => runs.map((r) => `${localDate(r, tz)} ${localTime(r, tz)}`);

  it("London spring forward: a daily 01:30 (a time that does not exist that day) still runs once", () => {
    const s = parseSchedule("daily 01:30", "Europe/London");
    const runs = runsBetween(s, at("2025-03-28T12:00:00Z"), at("2025-04-01T12:00:00Z"));
    expect(isoOf(runs)).toEqual([
      "2025-03-29T01:30:00.000Z",
      "2025-03-30T01:00:00.000Z", // 02:00 BST: the first valid time after the gap
      "2025-03-31T00:30:00.000Z",
      "2025-04-01T00:30:00.000Z",
    ]);
    expect(days(runs, "Europe/London")).toEqual([
      "2025-03-29 01:30",
      "2025-03-30 02:00",
      "2025-03-31 01:30",
      "2025-04-01 01:30",
    ]);
  });

  it("London fall back: a daily 01:30 (a time that happens twice) runs once", () => {
    const s = parseSchedule("daily 01:30", "Europe/London");
    const runs = runsBetween(s, at("2025-10-24T12:00:00Z"), at("2025-10-28T12:00:00Z"));
    expect(isoOf(runs)).toEqual([
      "2025-10-25T00:30:00.000Z",
      "2025-10-26T00:30:00.000Z", // the first 01:30 (BST); the second (GMT) is not a second run
      "2025-10-27T01:30:00.000Z",
      "2025-10-28T01:30:00.000Z",
    ]);
    // Asked from between the two 01:30s, the next run is the next day.
    expect(nextRun(s, at("2025-10-26T01:00:00Z"))?.toISOString()).toBe("2025-10-27T01:30:00.000Z");
  });

  it("New York: 02:30 on spring-forward day runs at 03:00; 01:30 on fall-back day runs once", () => {
    const spring = parseSchedule("daily 02:30", "America/New_York");
    expect(
      days(runsBetween(spring, at("2025-03-08T00:00:00Z"), at("2025-03-11T00:00:00Z")), "America/New_York"),
    ).toEqual(["2025-03-08 02:30", "2025-03-09 03:00", "2025-03-10 02:30"]);
    const fall = parseSchedule("daily 01:30", "America/New_York");
    const runs = runsBetween(fall, at("2025-11-01T12:00:00Z"), at("2025-11-04T12:00:00Z"));
    expect(isoOf(runs)).toEqual(["2025-11-02T05:30:00.000Z", "2025-11-03T06:30:00.000Z", "2025-11-04T06:30:00.000Z"]);
  });

  it("a weekly run on the transition Sunday runs once too, and so does a cron list of fixed times", () => {
    const weekly = parseSchedule("weekly sunday 01:30", "Europe/London");
    expect(isoOf(runsBetween(weekly, at("2025-03-29T00:00:00Z"), at("2025-03-31T00:00:00Z")))).toEqual([
      "2025-03-30T01:00:00.000Z",
    ]);
    expect(isoOf(runsBetween(weekly, at("2025-10-25T00:00:00Z"), at("2025-10-27T00:00:00Z")))).toEqual([
      "2025-10-26T00:30:00.000Z",
    ]);
    const twice = parseSchedule("30 1,13 * * *", "Europe/London");
    const spring = runsBetween(twice, at("2025-03-30T00:00:00Z"), at("2025-03-31T00:00:00Z"));
    expect(spring).toHaveLength(2);
    const fall = runsBetween(twice, at("2025-10-25T23:00:00Z"), at("2025-10-26T23:59:00Z"));
    expect(fall).toHaveLength(2);
  });

  it("property: any daily time runs exactly once on every local date of a year, in zones with DST", () => {
    const zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Europe/Berlin", "Australia/Lord_Howe"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45, 59),
        (zone, hour, minute) => {
          const s = parseSchedule(`daily ${hour}:${String(minute).padStart(2, "0")}`, zone);
          const runs = runsBetween(s, at("2025-01-01T12:00:00Z"), at("2026-01-01T12:00:00Z"));
          const dates = runs.map((r) => localDate(r, zone));
          expect(new Set(dates).size).toBe(dates.length);
          // 365 days, give or take the partial first and last days.
          expect(dates.length).toBeGreaterThanOrEqual(364);
          expect(dates.length).toBeLessThanOrEqual(366);
          for (let i = 1; i < dates.length; i++) {
            const gap = (at(`${dates[i]}T00:00:00Z`) - at(`${dates[i - 1]}T00:00:00Z`)) / 86_400_000;
            expect(gap).toBe(1);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe("with fake timers", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("the frequency check and next run follow the (fake) system clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2025-03-30T00:59:00Z"));
    const s = parseSchedule("daily 01:30", "Europe/London");
    expect(nextRun(s, Date.now())?.toISOString()).toBe("2025-03-30T01:00:00.000Z");
    vi.advanceTimersByTime(60 * 60 * 1000);
    expect(nextRun(s, Date.now())?.toISOString()).toBe("2025-03-31T00:30:00.000Z");
  });
});

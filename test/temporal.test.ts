import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  daysBetween,
  formatIsoWeek,
  nthWeekdayOfMonth,
  periodEnd,
  shiftDay,
  toCivil,
  weekdayOf,
} from "../src/temporal/calendar.js";
import {
  chronoPartsNotFound,
  countsFromBefore,
  findTemporalMentions,
  parseIsoDate,
  precisionOf,
  type TemporalMention,
} from "../src/temporal/index.js";

type Brief = [text: string, date: string, precision: TemporalMention["precision"]];

function brief(text: string, ref: string | null): Brief[] {
  return findTemporalMentions(text, ref).map((m) => [m.text, m.date, m.precision]);
}

function only(text: string, ref: string | null): TemporalMention {
  const mentions = findTemporalMentions(text, ref);
  expect(mentions, JSON.stringify(mentions)).toHaveLength(1);
  return mentions[0] as TemporalMention;
}

function dateOf(text: string, ref: string | null): string {
  return only(text, ref).date;
}

// 2017-06-28 is a Wednesday.
const WED = "2017-06-28";

describe("calendar helpers", () => {
  it("nthWeekdayOfMonth counts from the month's start, or back from its end with -1", () => {
    expect(nthWeekdayOfMonth(2010, 5, 1, -1)).toEqual({ y: 2010, m: 5, d: 31 }); // Memorial Day
    expect(nthWeekdayOfMonth(2010, 9, 1, 1)).toEqual({ y: 2010, m: 9, d: 6 }); // Labor Day
    expect(nthWeekdayOfMonth(2010, 11, 4, 4)).toEqual({ y: 2010, m: 11, d: 25 }); // Thanksgiving
    expect(nthWeekdayOfMonth(2011, 5, 1, -1)).toEqual({ y: 2011, m: 5, d: 30 });
    expect(nthWeekdayOfMonth(2016, 2, 1, -1)).toEqual({ y: 2016, m: 2, d: 29 });
  });

  it("parseIsoDate accepts only real calendar days", () => {
    expect(parseIsoDate("2017-06-28")).toBe("2017-06-28");
    expect(parseIsoDate("2016-02-29")).toBe("2016-02-29");
    expect(parseIsoDate("2017-02-29")).toBeNull();
    expect(parseIsoDate("2017-13-45")).toBeNull();
    expect(parseIsoDate("2017-04-31")).toBeNull();
    expect(parseIsoDate("2017-6-28")).toBeNull();
    expect(parseIsoDate(" 2017-06-28")).toBeNull();
    expect(parseIsoDate("")).toBeNull();
  });

  it("precisionOf reads the normalised formats", () => {
    expect(precisionOf("2017-06-28")).toBe("day");
    expect(precisionOf("2017-W25")).toBe("week");
    expect(precisionOf("2017-06")).toBe("month");
    expect(precisionOf("2017")).toBe("year");
    expect(() => precisionOf("June")).toThrow();
  });

  it("day strings shift, count and end periods across month, leap-year and year boundaries", () => {
    expect(shiftDay("2016-02-28", 1)).toBe("2016-02-29");
    expect(shiftDay("2017-02-28", 1)).toBe("2017-03-01");
    expect(shiftDay("2017-01-01", -1)).toBe("2016-12-31");
    expect(daysBetween("2016-10-17", "2017-07-09")).toBe(265);
    expect(periodEnd("2016-02-01", "month")).toBe("2016-02-29");
    expect(periodEnd("2017-06-19", "week")).toBe("2017-06-25");
    expect(periodEnd("2014-01-01", "year")).toBe("2014-12-31");
    expect(() => shiftDay("2017-02-30", 1)).toThrow(/not a calendar day/);
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        fc.integer({ min: -5000, max: 5000 }),
        (date, n) => {
          const day = date.toISOString().slice(0, 10);
          expect(daysBetween(day, shiftDay(day, n))).toBe(n);
        },
      ),
    );
  });

  it("ISO weeks at year boundaries", () => {
    const week = (s: string) => formatIsoWeek(toCivil(s) ?? { y: 0, m: 0, d: 0 });
    expect(week("2017-06-19")).toBe("2017-W25");
    expect(week("2017-01-01")).toBe("2016-W52"); // a Sunday
    expect(week("2017-01-02")).toBe("2017-W01");
    expect(week("2021-01-03")).toBe("2020-W53");
    expect(week("2018-12-31")).toBe("2019-W01");
  });

  it("chrono still has every part this module switches off", () => {
    expect(chronoPartsNotFound()).toEqual([]);
  });
});

describe("month without a year: the most recent past one", () => {
  it("resolves into the previous year when the month is still ahead", () => {
    const m = only(
      "The battle to retake the city from the jihadis began in November as a joint initiative",
      "2017-05-20",
    );
    expect([m.text, m.date, m.precision, m.day, m.relative]).toEqual([
      "November",
      "2016-11",
      "month",
      "2016-11-01",
      true,
    ]);
    expect(
      dateOf("The Iraqi forces launched their campaign to recapture Mosul in October, and since", "2017-07-09"),
    ).toBe("2016-10");
  });

  it("keeps the reference month and earlier months in the reference year", () => {
    expect(dateOf("Fighting resumed in May.", "2017-05-20")).toBe("2017-05");
    expect(dateOf("The offensive stalled in February.", "2017-05-20")).toBe("2017-02");
  });

  it("looks ahead when the sentence is about the future", () => {
    expect(dateOf("The ministry said elections will be held in November.", "2017-05-20")).toBe("2017-11");
    expect(dateOf("The ministry said elections will be held in January.", "2017-09-20")).toBe("2018-01");
    expect(dateOf("The report is due to be published in July.", "2017-05-20")).toBe("2017-07");
    expect(dateOf("The first relief well should be finished by mid-August.", "2010-07-10")).toBe("2010-08");
    expect(dateOf("BP hopes to seal the well in August.", "2010-07-10")).toBe("2010-08");
    expect(dateOf("BP does not expect to halt the oil flow until August.", "2010-06-20")).toBe("2010-08");
    expect(dateOf("The company expects drilling to be finished by mid-August.", "2010-06-20")).toBe("2010-08");
    // What should have happened did not look ahead.
    expect(dateOf("The well should have been sealed in August.", "2010-07-10")).toBe("2009-08");
  });

  it("named-month forms with last/this/next", () => {
    expect(dateOf("He was elected last November.", "2017-05-20")).toBe("2016-11");
    expect(dateOf("Talks collapsed last April.", "2017-05-20")).toBe("2017-04");
    expect(dateOf("It opened in October of last year.", "2017-05-20")).toBe("2016-10");
    expect(dateOf("Inspections in April this year found nothing.", "2017-05-20")).toBe("2017-04");
  });

  it("accepts lower case where a question is typed that way", () => {
    expect(dateOf("what happened in june 2017", WED)).toBe("2017-06");
    expect(dateOf("what happened in november", WED)).toBe("2016-11");
    expect(dateOf("what happened on tuesday", WED)).toBe("2017-06-27");
    expect(dateOf("what happened in may", WED)).toBe("2017-05");
  });

  it("does not read the verb, the noun or a name as a month", () => {
    expect(brief("Isis may launch more attacks, officials said.", WED)).toEqual([]);
    expect(brief("Theresa May said the bombing was cowardly.", WED)).toEqual([]);
    expect(brief("Protesters began to march on the palace.", WED)).toEqual([]);
    expect(brief("Organisers called it the March of Millions.", WED)).toEqual([]);
    expect(brief("In June of that year, the city fell.", WED)).toEqual([]);
    expect(brief("In June of that awful year, the city fell.", WED)).toEqual([]);
    expect(brief("Straw was lobbied on 15 October and 9 November that year.", WED)).toEqual([]);
    expect(brief("In June and July that year, prices rose.", WED)).toEqual([]);
    expect(brief("said Justice Department spokeswoman Hannah August.", WED)).toEqual([]);
    expect(dateOf("The April explosion killed 11 workers.", WED)).toBe("2017-04");
    expect(brief("an august body of scholars", WED)).toEqual([]);
    expect(brief("troops may march towards the city", WED)).toEqual([]);
  });
});

describe("weekdays look back", () => {
  it("a bare weekday is the most recent one", () => {
    const m = only(
      "The US-backed coalition pushed towards the banks of the River Tigris from the Old City on Tuesday, effectively",
      WED,
    );
    expect([m.text, m.date, m.precision, m.relative]).toEqual(["Tuesday", "2017-06-27", "day", true]);
    expect(dateOf("Officials met on Monday.", WED)).toBe("2017-06-26");
    expect(dateOf("Officials met on Thursday.", WED)).toBe("2017-06-22");
  });

  it("a weekday of any month is a habit, not a day", () => {
    expect(brief("Figures normally reported on the last Tuesday of the month will now come later.", WED)).toEqual([]);
    expect(brief("The council meets on the first Monday of each month.", WED)).toEqual([]);
  });

  it("the reference's own weekday is the report's day", () => {
    expect(dateOf("Troops entered the mosque compound on Wednesday.", WED)).toBe(WED);
  });

  it("last/next and week postfixes", () => {
    expect(dateOf("He resigned last Tuesday.", "2017-06-27")).toBe("2017-06-20");
    expect(dateOf("He resigned last Tuesday.", WED)).toBe("2017-06-27");
    expect(dateOf("The vote is next Tuesday.", WED)).toBe("2017-07-04");
    expect(dateOf("It happened on Wednesday of last week.", WED)).toBe("2017-06-21");
    expect(dateOf("The debate is this Friday.", WED)).toBe("2017-06-30");
    expect(dateOf("The debate was this Monday.", WED)).toBe("2017-06-26");
  });

  it("a count after a date's comma is no year, clock time or day ('20 April, 50 miles off')", () => {
    expect(brief("Since an explosion on 20 April, 50 miles off the coast, the rig burned.", "2010-05-05")).toEqual([
      ["20 April", "2010-04-20", "day"],
    ]);
    expect(brief("The company began drilling the relief well May 2, 12 days after the blast.", "2010-08-02")).toEqual([
      ["May 2", "2010-05-02", "day"],
    ]);
    expect(brief("In January, 2,012 vessels operated under its flag.", "2010-05-30")).toEqual([
      ["January", "2010-01", "month"],
    ]);
    expect(brief("On Friday, 11 weeks after the well was capped, Allen spoke.", "2010-10-01")).toEqual([
      ["Friday", "2010-10-01", "day"],
    ]);
    expect(dateOf("It happened on Jan. 20, 2009.", WED)).toBe("2009-01-20");
  });

  it("a day and month written out keep their day where chrono read the number as a clock time", () => {
    expect(brief("Meanwhile in the UK, from 5 May all households are to receive leaflets.", "2009-05-04")).toEqual([
      ["5 May", "2009-05-05", "day"],
    ]);
    expect(dateOf("Ministers met at a conference in Addis Ababa from 4 May.", "2009-05-05")).toBe("2009-05-04");
    expect(dateOf("From midnight to noon on 27 June nearly 8000 barrels were collected.", "2010-06-28")).toBe(
      "2010-06-27",
    );
    expect(dateOf("It happened on 5 June at 10 am.", WED)).toBe("2017-06-05");
  });

  it("a part of the day before its date keeps the date ('the night of April 20')", () => {
    expect(brief("The explosion on the night of 20 April killed 11 men.", "2010-12-16")).toEqual([
      ["night of 20 April", "2010-04-20", "day"],
    ]);
    expect(dateOf("Even before the rig sank on the morning of April 22, a command was set up.", "2010-06-17")).toBe(
      "2010-04-22",
    );
    expect(dateOf("The vote will be held on the evening of July 2.", "2010-06-20")).toBe("2010-07-02");
    expect(dateOf("He spoke this morning.", WED)).toBe(WED);
  });

  it("keeps parts of the day with their day", () => {
    const m = only("Clashes broke out on Friday night near the bridge.", WED);
    expect([m.text, m.date]).toEqual(["Friday night", "2017-06-23"]);
    expect(dateOf("in the early hours of Monday", WED)).toBe("2017-06-26");
  });

  it("looks ahead for future plans", () => {
    expect(dateOf("Ministers will meet on Friday to discuss the plan.", WED)).toBe("2017-06-30");
    expect(dateOf("A decision will be made on Monday on when to reopen the school.", "2009-06-18")).toBe("2009-06-22");
    expect(dateOf("The dome will be deployed to the seabed on Thursday, BP says.", "2010-05-05")).toBe("2010-05-06");
    // A noun's infinitive looks ahead: "testimony to be given at hearings Tuesday", in a Monday report.
    expect(
      dateOf(
        "They shifted blame in testimony to be given at separate hearings Tuesday before two committees.",
        "2010-05-10",
      ),
    ).toBe("2010-05-11");
  });

  it("reads a date in its whole sentence, past abbreviations ('a.m.', 'U.S.', 'Adm.')", () => {
    expect(
      dateOf(
        "Cameron is due to discuss the crisis with Obama in a telephone call at 11 a.m. EDT on Saturday.",
        "2010-06-11",
      ),
    ).toBe("2010-06-12");
    expect(dateOf("BP will meet U.S. President Obama on Friday.", WED)).toBe("2017-06-30");
    expect(dateOf("BP will brief Coast Guard Adm. Thad Allen on Friday.", WED)).toBe("2017-06-30");
  });

  it("a participle after 'as' or a negated 'is' tells nothing as done", () => {
    expect(dateOf("even if BP can plug its blown-out well in August as planned.", "2010-07-06")).toBe("2010-08");
    expect(
      dateOf(
        "if the gusher isn't stopped before the relief wells are completed in August, it will become",
        "2010-05-28",
      ),
    ).toBe("2010-08");
  });

  it("a capitalised '-ed' word before a name is no past verb ('Retired Coast Guard Adm.', 'United States')", () => {
    expect(
      dateOf(
        "Retired Coast Guard Adm. Thad Allen wouldn't budge from the standard prediction of a mid-August completion.",
        "2010-07-03",
      ),
    ).toBe("2010-08");
    expect(dateOf("It bans releasing any detainees into the United States through September 30.", "2009-06-24")).toBe(
      "2009-09-30",
    );
  });

  it("looks ahead for a weekday set at the head of a clause told ahead", () => {
    expect(dateOf("On Wednesday, he is due to hold a crucial meeting with BP executives.", "2010-06-14")).toBe(
      "2010-06-16",
    );
    expect(dateOf("On Friday he will make his second visit to the Gulf.", "2010-05-27")).toBe("2010-05-28");
    expect(dateOf("He said that on Saturday two teams would be sent out.", "2010-05-28")).toBe("2010-05-29");
    // Told as done, or a plan only in what is reported, or in the next clause: the one just gone.
    expect(dateOf("On Tuesday, Salazar announced that the agency will be split.", "2010-05-14")).toBe("2010-05-11");
    expect(dateOf("On Thursday, Allen stuck to the estimate that the leak will be plugged.", "2010-07-09")).toBe(
      "2010-07-08",
    );
    expect(
      dateOf("The sheen was 70 miles long as of Thursday, and officials expected to update it.", "2010-04-30"),
    ).toBe("2010-04-29");
    expect(brief("He hopes, with a little Monday Morning Quarterbacking, to learn.", "2010-08-06")).toEqual([]);
    // A day and month soon to come, told in the present or as a plan, is this year's, as a month is.
    expect(dateOf("BP reports its results on 27 July, when it will announce its payout.", "2010-06-03")).toBe(
      "2010-07-27",
    );
    expect(dateOf("The new ban, in effect until Nov. 30, does not deviate much.", "2010-07-12")).toBe("2010-11-30");
    expect(dateOf("The commission is to produce its final report on 11 January.", "2010-11-08")).toBe("2011-01-11");
    // Told as done, the one gone; so is a chronology's entry, told in the present.
    expect(dateOf("BP and Halliburton knew by 20 April that the seal was defective.", "2010-11-08")).toBe("2010-04-20");
    expect(dateOf("July 27 - BP names Bob Dudley as its next CEO.", "2011-01-11")).toBe("2010-07-27");
    // A day and month too; not a chronology's entry, told in the present.
    expect(dateOf("By August 15, some 86 million gallons of oil will have spilled.", "2010-06-02")).toBe("2010-08-15");
    expect(dateOf("April 30 - Hayward says BP takes full responsibility and will pay.", "2011-01-11")).toBe(
      "2010-04-30",
    );
  });

  it("looks ahead for a scheduled event told in the present tense", () => {
    expect(dateOf("Hayward, who himself faces a House hearing on Thursday, got a letter.", "2010-06-15")).toBe(
      "2010-06-17",
    );
    expect(dateOf("He returns to the region on Monday.", "2010-06-13")).toBe("2010-06-14");
    expect(dateOf("The Federal Reserve starts a two-day meeting on Tuesday.", "2009-04-27")).toBe("2009-04-28");
    // In the plural, of what is scheduled; not of any plural, nor a headline's capitalised words.
    expect(dateOf("The first 160 layoff notices go out on Friday, to contractors.", "2009-04-30")).toBe("2009-05-01");
    expect(dateOf("A series of public meetings start Wednesday in New Orleans.", "2010-08-06")).toBe("2010-08-11");
    expect(dateOf("Officials head back to the Gulf following Obama's second visit on Friday.", "2010-05-30")).toBe(
      "2010-05-28",
    );
    expect(
      dateOf(
        "The Government Cannot Protect Us From Every Catastrophe We Face Tuesday night, in a speech.",
        "2010-06-16",
      ),
    ).toBe("2010-06-15");
    expect(dateOf("The hearings did not begin on Friday.", "2010-06-16")).toBe("2010-06-11");
    // A sentence run in without its full stop starts a clause: its past tells nothing of the next.
    expect(
      dateOf(
        "Chevron had been fined more than $1.2m in the last 10 years The commission has until 15 December to report.",
        "2010-07-13",
      ),
    ).toBe("2010-12-15");
    // An event "to begin" on a day is ahead, unless it failed to; a relative clause told in the past
    // after a cue dates its own act.
    expect(
      brief("BP is preparing a top kill, an operation to begin late Tuesday or early Wednesday.", "2010-05-24"),
    ).toEqual([
      ["Tuesday", "2010-05-25", "day"],
      ["Wednesday", "2010-05-26", "day"],
    ]);
    expect(dateOf("The test, which failed to start on Monday, was put off.", "2010-07-14")).toBe("2010-07-12");
    expect(
      dateOf(
        "That will be little comfort to the Louisianans who lined up Tuesday at a town hall meeting.",
        "2010-05-26",
      ),
    ).toBe("2010-05-25");
    // A noun, or a past verb in the clause: the day gone.
    expect(dateOf("The initial reports of Thursday's platform fire triggered a panic.", "2010-09-03")).toBe(
      "2010-09-02",
    );
    expect(dateOf("Oil appears to be leaking from a rig that sank on Thursday.", "2010-04-23")).toBe("2010-04-22");
    // The day an event is: "is (on) <day>", "there's … on <day>"; not "it is Monday", nor a possessive.
    expect(dateOf("There's a board meeting on Monday, but no decision is expected.", "2010-06-12")).toBe("2010-06-14");
    expect(dateOf("The actual deadline is 11:59 p.m. Tuesday.", "2010-11-22")).toBe("2010-11-23");
    expect(dateOf("The hearing is on Thursday.", "2010-06-16")).toBe("2010-06-17");
    expect(dateOf("There was a board meeting on Monday.", "2010-06-16")).toBe("2010-06-14");
    expect(dateOf("It is Monday morning and the well is still leaking.", "2010-06-16")).toBe("2010-06-14");
    expect(dateOf("The firm is behind Hayward's Thursday advertisement.", "2010-06-04")).toBe("2010-06-03");
    expect(dateOf("There is growing anger since Monday.", "2010-06-16")).toBe("2010-06-14");
    expect(dateOf("There are no signs of oil after Tuesday's storm.", "2010-06-16")).toBe("2010-06-15");
    expect(dateOf("The leak is Monday's biggest story.", "2010-06-16")).toBe("2010-06-14");
  });

  it("looks ahead for what is to happen, or is to be done", () => {
    expect(dateOf("EU health ministers are to meet on Thursday to discuss the outbreak.", "2009-04-28")).toBe(
      "2009-04-30",
    );
    expect(dateOf("The full report, to be released on Tuesday, is likely to be damning.", "2011-01-06")).toBe(
      "2011-01-11",
    );
    expect(dateOf("Shares rose as a call with analysts planned for Friday gave hope.", "2010-06-03")).toBe(
      "2010-06-04",
    );
    expect(dateOf("Come Saturday, we are going to go out there and begin the clean-up.", "2010-05-28")).toBe(
      "2010-05-29",
    );
    expect(dateOf("Also on Tuesday, Attorney General Eric Holder will meet prosecutors.", "2010-05-31")).toBe(
      "2010-06-01",
    );
    // A month too, at the head of a clause told ahead, hoped for, owed, or to be had.
    expect(dateOf("In early August, the claims process will transfer to Feinberg.", "2010-07-25")).toBe("2010-08");
    expect(dateOf("Sir Liam said the government hoped to get the first doses in August.", "2009-06-30")).toBe(
      "2009-08",
    );
    expect(dateOf("It faces a $300 million payment due in August.", "2009-06-15")).toBe("2009-08");
    expect(dateOf("Novartis should have the vaccine ready in September.", "2009-06-12")).toBe("2009-09");
    expect(dateOf("The well should have been sealed in August.", "2010-10-12")).toBe("2010-08");
    // "By" a month at the head of a clause told as done is a point looked back on; after a promise, a deadline ahead.
    expect(dateOf("By the end of May, the company's best hopes rested on a top kill.", "2010-11-08")).toBe("2010-05");
    expect(dateOf("Pelosi has promised legislation on the spill by August.", "2010-06-09")).toBe("2010-08");
    // A deadline later this year, however far, unless told as done.
    expect(dateOf("The government has deals for 90m doses of vaccine by December.", "2009-05-28")).toBe("2009-12");
    expect(dateOf("The deal was completed by December.", "2009-05-28")).toBe("2008-12");
    // Not the one to blame.
    expect(dateOf("Who is to blame for what happened on Tuesday?", "2010-05-31")).toBe("2010-05-25");
  });

  it("reads a weekday named as a deadline as the nearer one, and none in any such day", () => {
    expect(dateOf("They delayed the test until Tuesday after a leak was found.", "2010-08-02")).toBe("2010-08-03");
    expect(dateOf("Victims have until Wednesday to file claims.", "2010-11-22")).toBe("2010-11-24");
    expect(dateOf("I didn't hear about the flu epidemic until Friday night.", "2009-04-29")).toBe("2009-04-24");
    expect(dateOf("Until Saturday none of the thick sludge had come ashore.", "2010-05-09")).toBe("2010-05-08");
    expect(brief("Bartenders pocket at least $250 in tips on a Saturday night.", WED)).toEqual([]);
    expect(brief("It was a Wednesday, and I was designing uniforms.", WED)).toEqual([]);
    expect(brief("Each Friday we will give an answer.", WED)).toEqual([]);
    // A day's event named with its article is that day.
    expect(brief("Shares fell after a Monday bank holiday.", "2010-06-01")).toEqual([["Monday", "2010-05-31", "day"]]);
    expect(brief("Suttles said at a Sunday morning briefing that the cap held.", "2010-07-18")).toHaveLength(1);
  });

  it("looks ahead for a plan told in the past tense", () => {
    expect(dateOf("BP said its board would meet on Monday to discuss the dividend.", "2010-06-12")).toBe("2010-06-14");
    expect(dateOf("Obama planned to visit the Gulf coast again on Friday.", "2010-06-03")).toBe("2010-06-04");
    expect(dateOf("Rough seas kept crews away, and Obama planned a Sunday trip to the coast.", "2010-05-01")).toBe(
      "2010-05-02",
    );
    expect(dateOf("Protesters planned an anti-BP rally for Sunday in Pensacola.", "2010-06-05")).toBe("2010-06-06");
    expect(dateOf("Negotiators were hoping to finish a deal before the meeting Wednesday.", "2010-06-15")).toBe(
      "2010-06-16",
    );
    // An order or request told in the past: its act is still to come, however long the list of
    // whom it is given to; a bare weekday after it, or one heading the clause, dates the order.
    const ordered =
      "And I have ordered the Secretaries of Interior and Homeland Security, as well as Lisa Jackson of the Environmental Protection Agency to visit the site on Friday to ensure that BP is doing everything possible.";
    expect(dateOf(ordered, "2010-04-29")).toBe("2010-04-30");
    expect(
      dateOf("Calderon told government offices and private businesses to stop work beginning on Friday.", "2009-04-30"),
    ).toBe("2009-05-01");
    expect(dateOf("The White House ordered BP to pay for five more berms Wednesday.", "2010-06-03")).toBe("2010-06-02");
    expect(dateOf("On Wednesday the US government asked BP to tell it of any asset sales.", "2010-07-08")).toBe(
      "2010-07-07",
    );
    // A second clause told as done has its own day.
    expect(
      dateOf(
        "Obama plans to visit the gulf again, and on Wednesday, the White House called in reporters.",
        "2010-05-27",
      ),
    ).toBe("2010-05-26");
    expect(
      brief("Ahead of hearings on Tuesday and Thursday, lawmakers released a letter.", "2010-06-14"),
    ).toContainEqual(["Thursday", "2010-06-17", "day"]);
    // "as soon as" a day, and what is being awaited, are ahead; what was awaited then is not.
    expect(dateOf("The operation could begin as soon as Wednesday.", "2010-06-01")).toBe("2010-06-02");
    expect(dateOf("Alex was likely on Monday to regain tropical storm status.", "2010-06-27")).toBe("2010-06-28");
    // A modal's deadline: "could reach Pensacola Beach by Wednesday".
    expect(dateOf("Officials warned it could reach Pensacola Beach by Wednesday.", "2010-06-01")).toBe("2010-06-02");
    expect(dateOf("Forecasters warned that winds could drive the slick ashore on Friday.", "2010-04-29")).toBe(
      "2010-04-30",
    );
    expect(dateOf("Officials said it could touch shore as early as Friday evening.", "2010-04-29")).toBe("2010-04-30");
    // Without a preposition, and the second of two days read where the first stands.
    expect(dateOf("The Coast Guard said crews could resume work Thursday morning.", "2010-04-28")).toBe("2010-04-29");
    expect(brief("The pipe could arrive on Wednesday and be usable by Thursday or Friday.", "2010-05-12")).toEqual([
      ["Wednesday", "2010-05-12", "day"],
      ["Thursday", "2010-05-13", "day"],
      ["Friday", "2010-05-14", "day"],
    ]);
    expect(dateOf("Results from the testing are expected on Monday.", "2010-07-04")).toBe("2010-07-05");
    // A hyphenated compound's "-ed" is no past verb.
    expect(dateOf("The Senate may begin debating a slimmed-down bill as early as Thursday.", "2010-07-27")).toBe(
      "2010-07-29",
    );
    // A forecast "through" a day is a deadline; what ran through it is not.
    expect(dateOf("Forecasts suggest light winds through Saturday.", "2010-05-07")).toBe("2010-05-08");
    expect(dateOf("The hearings ran through Saturday.", "2010-05-07")).toBe("2010-05-01");
    expect(dateOf("High seas were in the forecast through Sunday.", "2010-04-30")).toBe("2010-05-02");
    // A plan that slipped, told as done, is the nearer day; one called off before it stays ahead.
    expect(dateOf("The tests were due on Monday but were delayed by a leak.", "2010-08-03")).toBe("2010-08-02");
    expect(dateOf("Testing was due to begin on Tuesday, but politicians asked for a review.", "2010-07-15")).toBe(
      "2010-07-13",
    );
    expect(dateOf("The dividend was due on Monday, but has now been canceled.", "2010-06-17")).toBe("2010-06-21");
    // Set for a day, or possibly by it.
    expect(dateOf("He has a status hearing set for Friday.", "2010-12-15")).toBe("2010-12-17");
    expect(dateOf("Alex should make landfall near the border, possibly by Thursday.", "2010-06-29")).toBe("2010-07-01");
    // "due" a day; a deadline's modal; a scene set before a clause that looks ahead.
    expect(dateOf("BP's quarterly results due on Tuesday are expected to reveal a provision.", "2010-07-26")).toBe(
      "2010-07-27",
    );
    expect(dateOf("By Sunday, the box could be capturing most of the oil.", "2010-05-07")).toBe("2010-05-09");
    expect(dateOf("On Thursday, I could smell the oil.", "2010-05-17")).toBe("2010-05-13");
    expect(dateOf("In his meeting with Svanberg on Wednesday, Obama will press for a fund.", "2010-06-14")).toBe(
      "2010-06-16",
    );
    expect(dateOf("In his meeting with Svanberg on Wednesday, Obama pressed for a fund.", "2010-06-14")).toBe(
      "2010-06-09",
    );
    // Denied, then put off "until": still ahead.
    expect(dateOf("A decision may not be made until after Svanberg has met Obama on Wednesday.", "2010-06-12")).toBe(
      "2010-06-16",
    );
    // Not denied, and not "later on", the writer's own day.
    expect(dateOf("BP could not confirm the leak on Friday.", "2010-04-29")).toBe("2010-04-23");
    expect(dateOf("Brown hoped one of them could return home later on Tuesday.", "2009-04-29")).toBe("2009-04-28");
    expect(dateOf("The slick had reached the beach by Wednesday, and it could spread.", "2010-06-01")).toBe(
      "2010-05-26",
    );
    // A weekday right before the clause's modal; not one reckoned from or for.
    expect(dateOf("Forecasters warned that strong winds over Sunday could push the oil inland.", "2010-05-01")).toBe(
      "2010-05-02",
    );
    expect(dateOf("The beach concert on Sunday will also feature Allen Toussaint.", "2010-07-06")).toBe("2010-07-11");
    expect(dateOf("If it collected as much, the total for Monday would be 15,000 barrels.", "2010-06-08")).toBe(
      "2010-06-07",
    );
    expect(dateOf("Officials hoped the workers missing since Tuesday night would be rescued.", "2010-04-22")).toBe(
      "2010-04-20",
    );
    expect(dateOf("Traders are anxiously waiting for the crop report late Monday.", "2009-05-31")).toBe("2009-06-01");
    expect(dateOf("Families were waiting on Monday for news.", "2010-06-01")).toBe("2010-05-31");
    expect(dateOf("BP's board was to meet on Monday.", "2010-06-13")).toBe("2010-06-14");
    expect(
      brief("Ahead of congressional hearings on Tuesday and Thursday, lawmakers released a letter.", "2010-06-14"),
    ).toEqual([
      ["Tuesday", "2010-06-15", "day"],
      ["Thursday", "2010-06-17", "day"],
    ]);
    // A refusal is no plan, nor is a plan given up.
    expect(dateOf("A BP spokesman would not comment Friday night.", "2010-05-08")).toBe("2010-05-07");
    expect(dateOf("Crews had planned to spend Wednesday reinforcing the well.", "2010-07-22")).toBe("2010-07-21");
  });

  it("a weekday that dates the telling, or an act done, looks back whatever the sentence says of the future", () => {
    const pounding = "“Pounding on a podium isn't going to fix a hole in the ocean,” Gibbs said Thursday.";
    expect(dateOf(pounding, "2010-06-04")).toBe("2010-06-03");
    const dudley = "He will be replaced by Bob Dudley, who told reporters in Biloxi on Friday that it is not too soon.";
    expect(dateOf(dudley, "2010-07-31")).toBe("2010-07-30");
    expect(dateOf("BP will finish a pressure test, which began Thursday morning.", "2010-08-20")).toBe("2010-08-19");
    const flew =
      "The White House insisted that Obama would not travel to the region, but the president flew into New Orleans Sunday.";
    expect(dateOf(flew, "2010-05-03")).toBe("2010-05-02");
  });

  it("ignores abbreviations, titles and named days", () => {
    expect(brief("We sat down with the commander.", WED)).toEqual([]);
    expect(brief("He told the Chicago Sun Times about it.", WED)).toEqual([]);
    expect(brief("It was published in the Sunday Times.", WED)).toEqual([]);
    expect(brief("Shops were busy on Good Friday.", WED)).toEqual([]);
    expect(brief("He appeared on the Sunday shows.", WED)).toEqual([]);
    expect(dateOf("Readings posted Friday show mostly good air quality.", "2010-06-21")).toBe("2010-06-18");
    expect(dateOf("A report published on Monday shows the strain followed airline routes.", "2009-06-30")).toBe(
      "2009-06-29",
    );
  });
});

describe("weekends: their Saturday, day precision", () => {
  it("over/at the weekend is the most recent one", () => {
    const m = only("More than 80 suicide bombers were deployed over the weekend, causing death", WED);
    expect([m.text, m.date, m.precision, m.relative]).toEqual(["the weekend", "2017-06-24", "day", true]);
    expect(dateOf("Two soldiers died at the weekend.", WED)).toBe("2017-06-24");
    expect(dateOf("Two soldiers died at the weekend.", "2017-06-24")).toBe("2017-06-24");
    expect(dateOf("Two soldiers died at the weekend.", "2017-06-25")).toBe("2017-06-24");
  });

  it("last/this/next weekend", () => {
    expect(dateOf("They fled last weekend.", "2017-06-25")).toBe("2017-06-17");
    expect(dateOf("They fled last weekend.", "2017-06-26")).toBe("2017-06-24");
    expect(dateOf("Talks are planned this weekend.", "2017-06-30")).toBe("2017-07-01");
    // The sentence's cue governs a weekend its later clause names; on a weekend, the one under way.
    expect(
      brief(
        "“We expect the seas to calm down as we get into Friday and further into the weekend,” he said.",
        "2010-07-01",
      ).at(-1)?.[1],
    ).toBe("2010-07-03");
    expect(dateOf("Lawyers say $20bn will not be enough, and this weekend Feinberg met them.", "2010-06-20")).toBe(
      "2010-06-19",
    );
    // Told ahead in its own clause, the weekend to come; not after a cue in another clause.
    expect(dateOf("Cameron and Obama will discuss the spill at the weekend.", "2010-06-11")).toBe("2010-06-12");
    expect(dateOf("The storm was to enter the Gulf by the weekend.", "2010-07-21")).toBe("2010-07-24");
    expect(dateOf("BP aims to deploy a dome after its effort over the weekend failed.", "2010-05-10")).toBe(
      "2010-05-08",
    );
    expect(dateOf("$20bn will not be enough, and this weekend Feinberg said so.", "2010-06-20")).toBe("2010-06-19");
    expect(dateOf("Lehman collapsed this weekend.", "2008-09-15")).toBe("2008-09-13");
    expect(dateOf("Talks resume next weekend.", WED)).toBe("2017-07-01");
  });

  it("ignores an indefinite weekend", () => {
    expect(brief("It was a weekend of intense negotiations.", WED)).toEqual([]);
  });
});

describe("weeks, months and years relative to the report", () => {
  it("last week is the previous ISO week", () => {
    const text =
      "Isis is almost defeated in the city: last week, militants blew up the city’s 12th century Grand Mosque";
    const m = only(text, WED);
    expect([m.text, m.date, m.precision, m.day, m.relative]).toEqual([
      "last week",
      "2017-W25",
      "week",
      "2017-06-19",
      true,
    ]);
    expect(text.slice(m.start, m.end)).toBe("last week");
  });

  it("this/next week, across a year boundary", () => {
    expect(only("Lise Grande said in a statement this week.", WED)).toMatchObject({
      date: "2017-W26",
      day: "2017-06-26",
    });
    expect(dateOf("The court rules next week.", WED)).toBe("2017-W27");
    expect(dateOf("It rained last week.", "2017-01-03")).toBe("2016-W52");
    expect(dateOf("Police said earlier this week.", WED)).toBe("2017-W26");
  });

  it("on a Sunday, last week is the week it closes and this week told ahead the coming one", () => {
    const SUN = "2010-06-20";
    expect(dateOf("BP agreed last week to set up a $20bn fund.", SUN)).toBe("2010-W24");
    expect(dateOf("BP agreed last week to set up a $20bn fund.", "2010-06-19")).toBe("2010-W23");
    expect(dateOf("It was signed on Wednesday last week.", SUN)).toBe("2010-06-16");
    expect(dateOf("Obama will press BP executives this week.", SUN)).toBe("2010-W25");
    expect(dateOf("This week David Cameron will travel to the US.", SUN)).toBe("2010-W25");
    expect(dateOf("Jindal said this week that the coast was hit.", SUN)).toBe("2010-W24");
    // Any other day, ISO weeks as they are.
    expect(dateOf("Obama will press BP executives this week.", "2010-06-19")).toBe("2010-W24");
    expect(dateOf("The court rules next week.", SUN)).toBe("2010-W25");
  });

  it("on a Monday, this week told as done is the week that ended the day before", () => {
    const MON = "2009-06-01";
    expect(dateOf("It was found this week in patients in Bulgaria.", MON)).toBe("2009-W22");
    expect(dateOf("The government outlined its measures earlier this week.", MON)).toBe("2009-W22");
    // Told ahead, or later this week: the week the Monday opens.
    expect(dateOf("Lawmakers are taking aim at BP at hearings this week.", MON)).toBe("2009-W23");
    expect(dateOf("A spokesman said BP hoped later this week to divert more oil.", MON)).toBe("2009-W23");
    expect(dateOf("This week retired admiral Thad Allen is expected to explain.", MON)).toBe("2009-W23");
    // Any other day, this week is its own.
    expect(dateOf("It was found this week in patients in Bulgaria.", "2009-06-02")).toBe("2009-W23");
  });

  it("reads no day in a show's title or in today's dollars", () => {
    expect(brief("Hayward told NBC's Today show that it would take days.", WED)).toEqual([]);
    expect(brief("Asked on BBC Radio 4's Today programme whether to buy Tamiflu, he said no.", WED)).toEqual([]);
    expect(brief("It cost insurers $3.6 billion in today's dollars.", WED)).toEqual([]);
    expect(brief("BP is running a full-page ad in USA Today.", WED)).toEqual([]);
    expect(brief("How can I share the Sunday New York Times with my wife?", WED)).toEqual([]);
  });

  it("reads a day and month told as done after a fronted clock time as the one gone", () => {
    expect(dateOf("At 5 am on 16th November, a friend woke me up for work.", "2009-05-06")).toBe("2008-11-16");
    expect(dateOf("At 10:30 p.m. on 20 June, BP will start the pumps.", "2010-06-01")).toBe("2010-06-20");
    // A plan: "meant to" looks ahead.
    expect(dateOf("The relief wells meant to stop the flow in August are close.", "2010-06-19")).toBe("2010-08");
  });

  it("reads what follows a post's stamp on a page of posts against the stamp's day", () => {
    const text =
      "Latest posts. May 24, 2010 21:58 UTC The message from the White House podium today was clear. It said on Monday that BP pays.";
    expect(brief(text, "2010-05-27").slice(1)).toEqual([
      ["today", "2010-05-24", "day"],
      ["Monday", "2010-05-24", "day"],
    ]);
    // Not a question's, and not a date without its clock and zone.
    expect(brief("On May 24, 2010 the message today was clear.", "2010-05-27")[1]).toEqual([
      "today",
      "2010-05-27",
      "day",
    ]);
    expect(brief("The message today, May 24, 2010, was clear.", "2010-05-27")[0]).toEqual([
      "today",
      "2010-05-27",
      "day",
    ]);
  });

  it("reads Friday prayers and Sunday services as that week's day, not a habit or a title", () => {
    expect(dateOf("Thousands marched through Cairo after Friday prayers.", WED)).toBe("2017-06-23");
    expect(dateOf("Protesters will gather after Friday prayers.", WED)).toBe("2017-06-30");
    expect(dateOf("Pastors prayed for the divers at Sunday services.", WED)).toBe("2017-06-25");
    expect(brief("Crowds swell at the weekly Friday prayers.", WED)).toEqual([]);
    expect(brief("The Friday prayer leader called for calm.", WED)).toEqual([]);
    expect(dateOf("Today BP said the cap held.", WED)).toBe(WED);
  });

  it("reads no week in a show's title", () => {
    expect(brief("“You can say it's a political gift,” Emanuel told ABC's “This Week.”", WED)).toEqual([]);
    expect(brief("Kerry said on ABC's This Week that BP must pay.", WED)).toEqual([]);
  });

  it("months and years", () => {
    expect(only("Prices rose last month.", WED)).toMatchObject({ date: "2017-05", precision: "month" });
    expect(dateOf("Prices rose last month.", "2017-01-15")).toBe("2016-12");
    expect(only("Prices rose last year.", WED)).toMatchObject({ date: "2016", precision: "year" });
    expect(only("neighbourhoods that were retaken from IS earlier this month.", WED)).toMatchObject({
      date: "2017-06",
      precision: "month",
    });
    expect(dateOf("Turnout fell this year.", WED)).toBe("2017");
    expect(dateOf("Trials start next year.", WED)).toBe("2018");
  });

  it("a day named with its month and 'last year' is last year's, not the most recent such day", () => {
    expect(brief("On 22 June last year, BP engineers were worried.", "2010-12-20")).toEqual([
      ["22 June last year", "2009-06-22", "day"],
    ]);
    expect(dateOf("On April 20 of last year, the rig exploded.", "2011-11-20")).toBe("2010-04-20");
    expect(dateOf("On 1 May this year a pipeline ruptured.", "2010-05-30")).toBe("2010-05-01");
    expect(dateOf("Donors gave $20 June last year.", "2010-12-20")).toBe("2009-06");
  });

  it("early/mid/late periods and months named against the report's date", () => {
    expect(brief("The siege began in mid-March last year.", WED)).toEqual([
      ["mid-March last year", "2016-03", "month"],
    ]);
    expect(brief("Talks failed in early March last year.", "2017-01-10")).toEqual([
      ["early March last year", "2016-03", "month"],
    ]);
    expect(brief("Troops entered the district late last month.", WED)).toEqual([
      ["late last month", "2017-05", "month"],
    ]);
    expect(brief("Troops entered late last month.", "2017-01-05")).toEqual([["late last month", "2016-12", "month"]]);
    expect(brief("Earlier this year, the army retook the airport.", WED)).toEqual([
      ["Earlier this year", "2017", "year"],
    ]);
  });

  it("edges of a year become its first or last month", () => {
    expect(only("to take Mosul by the end of last year", WED)).toMatchObject({ date: "2016-12", precision: "month" });
    expect(only("to take Mosul by the end of past year", WED)).toMatchObject({ date: "2016-12", precision: "month" });
    expect(dateOf("at the start of this year", WED)).toBe("2017-01");
  });

  it("durations are not dates", () => {
    expect(brief("In the past week, Obama gained eight points.", WED)).toEqual([]);
    expect(brief("Over the last year, prices doubled.", WED)).toEqual([]);
    expect(brief("It was the last week of his life.", WED)).toEqual([]);
  });
});

describe("N units ago", () => {
  it("keeps the unit as the precision", () => {
    expect(only("Two weeks ago, Qatar hosted talks.", WED)).toMatchObject({ date: "2017-W24", precision: "week" });
    expect(only("He left 10 days ago.", WED)).toMatchObject({ date: "2017-06-18", precision: "day" });
    expect(only("It was built two years ago.", WED)).toMatchObject({ date: "2015", precision: "year" });
    expect(only("about a month ago", WED)).toMatchObject({ date: "2017-05", precision: "month" });
  });

  it("two units counted together are the finer unit's, never the second part alone", () => {
    expect(only("Two weeks and two days ago, with his fishing grounds closed, he took a job.", WED)).toMatchObject({
      text: "Two weeks and two days ago",
      date: "2017-06-12",
      precision: "day",
    });
    expect(only("The siege began a year and three months ago.", WED)).toMatchObject({
      date: "2016-03",
      precision: "month",
    });
    expect(brief("The siege began a month and two days ago.", WED)).toEqual([]);
  });

  it("a date after 'N years ago on/in' is in that year", () => {
    expect(brief("Two years ago on the 23rd of April was my birthday.", "2009-05-06")).toEqual([
      ["Two years ago", "2007", "year"],
      ["23rd of April", "2007-04-23", "day"],
    ]);
    expect(brief("A year ago in June, the well was drilled.", WED)).toEqual([
      ["A year ago", "2016", "year"],
      ["June", "2016-06", "month"],
    ]);
  });

  it("vague counts are not dates", () => {
    expect(brief("He arrived a few days ago.", WED)).toEqual([]);
    expect(brief("It happened several weeks ago.", WED)).toEqual([]);
  });
});

describe("years and seasons", () => {
  it("a year after a preposition or modifier", () => {
    expect(only("Isis seized the city in 2014.", WED)).toMatchObject({
      text: "2014",
      date: "2014",
      precision: "year",
      day: "2014-01-01",
      relative: false,
    });
    expect(dateOf("It has held the city since 2014.", WED)).toBe("2014");
    expect(dateOf("in early 2014", WED)).toBe("2014");
    expect(only("Prices peaked in mid-2014.", WED)).toMatchObject({ text: "mid-2014", date: "2014" });
    expect(dateOf("Shares fell during 2014-15.", WED)).toBe("2014");
    expect(dateOf("It peaked in 2006-07 in Indonesia.", WED)).toBe("2006");
  });

  it("the end of a year is its December", () => {
    const m = only("the operation would be completed by the end of 2016. Fierce fighting", WED);
    expect([m.text, m.date, m.precision]).toEqual(["the end of 2016", "2016-12", "month"]);
    expect(dateOf("at the beginning of 2015", WED)).toBe("2015-01");
  });

  it("a season with a year is the month it starts in", () => {
    const m = only("after his troops swept across northern Iraq from Syria in the summer of 2014.", WED);
    expect([m.text, m.date, m.precision, m.relative]).toEqual(["the summer of 2014", "2014-06", "month", false]);
    expect(dateOf("summer of 2014", WED)).toBe("2014-06");
    expect(dateOf("in the autumn of 2008", WED)).toBe("2008-09");
    expect(dateOf("in the fall of 2008", WED)).toBe("2008-09");
    expect(dateOf("the winter of 2016-17", WED)).toBe("2016-12");
    expect(only("the winter of 2014", WED)).toMatchObject({ date: "2014", precision: "year" });
  });

  it("relative seasons", () => {
    expect(dateOf("They fled last summer.", WED)).toBe("2016-06");
    expect(dateOf("They fled last summer.", "2017-05-20")).toBe("2016-06");
    expect(dateOf("They will return this summer.", "2017-05-20")).toBe("2017-06");
    expect(dateOf("It snowed last winter.", "2017-05-20")).toBe("2016-12");
  });

  it("a month a sentence says something is on course for is ahead", () => {
    const wells = "BP said two relief wells are still on course for completion by August.";
    expect(dateOf(wells, "2010-06-24")).toBe("2010-08");
    expect(dateOf("The cap is on track to be fitted by July.", "2010-06-24")).toBe("2010-07");
    expect(dateOf("The wells were finished by August.", "2010-10-24")).toBe("2010-08");
    expect(dateOf("The permanent fix remains slated for mid-August.", "2010-07-16")).toBe("2010-08");
    expect(dateOf("A hurricane is all but certain to hit in November.", "2010-05-20")).toBe("2010-11");
  });

  it("a month soon to come, in a sentence without a past-tense verb, is ahead", () => {
    const target = "BP says the target date for two relief wells remains early to mid-August.";
    expect(dateOf(target, "2010-06-14")).toBe("2010-08");
    expect(dateOf("We're still looking at mid-August for completing the relief well.", "2010-07-16")).toBe("2010-08");
    expect(dateOf("One Halliburton executive gave a presentation in November.", "2010-05-20")).toBe("2009-11");
    expect(dateOf("In November, the company reported a loss.", "2010-05-20")).toBe("2009-11");
    // An earlier month is this year's either way; far ahead is farther than just gone.
    expect(dateOf("Fire burns on the rig in April.", "2010-05-20")).toBe("2010-04");
    expect(dateOf("December's figures show a fall in sales.", "2010-01-12")).toBe("2009-12");
    expect(dateOf("Elections are in March.", "2010-01-12")).toBe("2010-03");
    expect(dateOf("The February attack remains unsolved.", "2010-12-12")).toBe("2010-02");
    // Looking ahead still decides first, up to six months ahead.
    expect(dateOf("Elections will be held in November.", "2010-06-20")).toBe("2010-11");
    expect(dateOf("Talks will resume in March.", "2010-12-02")).toBe("2011-03");
  });

  it("a month or day further ahead than six months is written with its year: without one, it is the one gone", () => {
    // In nine Timeline17 folders, every such reading more than six months ahead was the past one.
    expect(
      dateOf("The first family will have taken three holidays since the spill began in April.", "2010-07-13"),
    ).toBe("2010-04");
    expect(dateOf("Obama will head to Louisiana for the second time since the April 20 rig blast.", "2010-05-26")).toBe(
      "2010-04-20",
    );
    expect(dateOf("Elections will be held in April.", "2010-06-20")).toBe("2010-04");
    // Nearer, ahead as before.
    expect(dateOf("The panel is due to release its final report on 11 January.", "2010-11-09")).toBe("2011-01-11");
  });

  it("a month soon to come is read by its own clause, not by a past verb elsewhere in the sentence", () => {
    const results =
      "He added that by the time BP releases its second quarter results, due in July, they hoped to know more.";
    expect(dateOf(results, "2010-06-04")).toBe("2010-07");
    const appointment = "His appointment was announced on 4 June but was only supposed to take effect in August.";
    expect(brief(appointment, "2010-06-23").at(-1)).toEqual(["August", "2010-08", "month"]);
    expect(dateOf("We have booked a holiday to Cancun in August.", "2009-05-01")).toBe("2009-08");
    // "Succeed" and "need" end as a past does, and are none.
    const sinclair =
      "Mr Sinclair adds, on the assumption that the relief wells succeed in stopping the leak in August.";
    expect(dateOf(sinclair, "2010-07-06")).toBe("2010-08");
    // A fronted phrase's clause runs to its end, not into the quotation's tag.
    const hay =
      "“If it returns early, in September, say, there is not much chance we will have enough vaccine,” Dr Hay warned.";
    expect(dateOf(hay, "2009-06-14")).toBe("2009-09");
    // Across the turn of the year, two months at most.
    expect(
      dateOf(
        "The remarks could hint at the tone of the panel's final report, to be released in January.",
        "2010-12-08",
      ),
    ).toBe("2011-01");
    expect(dateOf("Fire burns on the Deepwater Horizon oil rig in April.", "2010-12-29")).toBe("2010-04");
    // A scheduled event named by its month is the coming one, whatever the clause's tense.
    expect(
      dateOf("Fini criticised how candidates were being chosen for the June European elections.", "2009-04-29"),
    ).toBe("2009-06");
    expect(dateOf("Voters punished the party in the June European elections.", "2009-12-29")).toBe("2009-06");
    // Told as done, or reckoned from: the usual reading.
    expect(dateOf("The explosion in April killed 11 workers.", "2011-01-04")).toBe("2010-04");
    expect(dateOf("The peso hit its highest level since early October.", "2009-05-19")).toBe("2008-10");
    expect(brief("Last year, in September, it rained on the lottery sellers.", "2009-05-06").at(-1)).toEqual([
      "September",
      "2008-09",
      "month",
    ]);
  });

  it("a month named as a deadline is the nearer one, the coming one when both are as near", () => {
    expect(dateOf("The relief wells are unlikely to be ready until August.", "2010-05-20")).toBe("2010-08");
    expect(dateOf("The leak should stop by late June.", "2010-05-20")).toBe("2010-06");
    expect(dateOf("A hurricane is all but certain before the end of November.", "2010-05-20")).toBe("2010-11");
    expect(dateOf("Talks must end by March.", "2010-12-02")).toBe("2011-03");
    // Far behind is nearer than far ahead.
    expect(dateOf("The beach was closed until February.", "2010-06-20")).toBe("2010-02");
    // Not a deadline: the most recent one, as ever.
    expect(dateOf("The wells were drilled in August.", "2010-05-20")).toBe("2009-08");
  });

  it("'this <season>' out of season is the nearer one, or the coming one when the sentence looks ahead", () => {
    // May: the winter that ended in February is nearer than the one starting in December.
    expect(dateOf("The hospitals were full this winter.", "2009-05-06")).toBe("2008-12");
    expect(dateOf("The severe bout of flu destined to hit us this winter.", "2009-05-06")).toBe("2009-12");
    // A modal looks ahead too; the past in an "if" is a condition.
    expect(dateOf("People could be at risk if there was an epidemic of flu this winter.", "2009-05-01")).toBe(
      "2009-12",
    );
    expect(dateOf("Flu was mild this winter.", "2009-05-01")).toBe("2008-12");
    expect(dateOf("The flu will be worse this winter.", "2009-05-06")).toBe("2009-12");
    // In season it is the current one, whatever the sentence looks to.
    expect(dateOf("Cases will rise this winter.", "2010-01-15")).toBe("2009-12");
  });

  it("four-digit numbers that are not years", () => {
    expect(brief("Prices rose by 2000 people.", WED)).toEqual([]);
    expect(brief("Shares traded at 1516 GMT.", WED)).toEqual([]);
    expect(brief("He moved there in the early 1920's.", WED)).toEqual([]);
    expect(brief("Up to 2014 fighters remain.", WED)).toEqual([]);
    expect(brief("Prices fall 2014 points.", WED)).toEqual([]);
  });
});

describe("full dates", () => {
  it("day precision, absolute", () => {
    const m = only("The Islamic State (IS) group seized Mosul in a lightning offensive on June 10, 2014 before", WED);
    expect([m.text, m.date, m.precision, m.relative]).toEqual(["June 10, 2014", "2014-06-10", "day", false]);
    expect(dateOf("on 10 June 2014", WED)).toBe("2014-06-10");
    expect(dateOf("The battle for Mosul first began on October 17, 2016 and", "2017-07-09")).toBe("2016-10-17");
    expect(dateOf("Smoke rises from clashes in the Old City of Mosul, Iraq June 27, 2017.", null)).toBe("2017-06-27");
    expect(dateOf("Updated 2017-06-27.", WED)).toBe("2017-06-27");
    expect(dateOf("Sunday 26 April 2009 18.45 BST People wear masks", WED)).toBe("2009-04-26");
    expect(dateOf("dated 26/04/2009", WED)).toBe("2009-04-26");
    expect(dateOf("On Jan. 24, 2011, thousands protested.", WED)).toBe("2011-01-24");
  });

  it("month and year: month precision", () => {
    const m = only("Isis, which seized the ancient city in June 2014, still controls", "2017-05-20");
    expect([m.text, m.date, m.precision, m.day]).toEqual(["June 2014", "2014-06", "month", "2014-06-01"]);
    expect(dateOf("when Operation Inherent Resolve began in October 2016.", WED)).toBe("2016-10");
    expect(dateOf("in November of 2005", WED)).toBe("2005-11");
  });

  it("ambiguous or yearless numeric dates are skipped", () => {
    expect(brief("filed 4/5/2009", WED)).toEqual([]);
    expect(brief("Rasmussen tracking 09/13 - 09/15", WED)).toEqual([]);
  });

  it("a count after a month's comma is not its year: 'In July, 57-year-old …' is July as any July is", () => {
    // chrono reads "July, 57" as July 1957.
    expect(brief("In July, 57-year-old Lonnie Franklin was arrested.", WED)).toEqual([["July", "2016-07", "month"]]);
  });

  it("a range takes its start, and its year from the end when written once", () => {
    expect(dateOf("Then a third wave in January to April 1919.", WED)).toBe("1919-01");
    // The year written once after "and" is both dates'.
    expect(brief("In March and April 2008, 2.35 million passengers flew.", "2009-06-30").map(([, d]) => d)).toEqual([
      "2008-03",
      "2008-04",
    ]);
    expect(brief("Between March 5 and April 7, 2008, passengers flew.", WED).map(([, d]) => d)).toEqual([
      "2008-03-05",
      "2008-04-07",
    ]);
    expect(brief("In December and January 2009, sales fell.", WED).map(([, d]) => d)).toEqual(["2008-12", "2009-01"]);
    expect(dateOf("Approximate oil locations 22 April - 15 May", "2010-04-30")).toBe("2010-04-22");
  });
});

describe("day and month without a year", () => {
  it("the most recent such day", () => {
    expect(only("The crew member flew out to Mexico on 20 April.", "2009-04-26")).toMatchObject({
      text: "20 April",
      date: "2009-04-20",
      relative: true,
    });
    expect(dateOf("It was first reported on April 20.", "2009-04-26")).toBe("2009-04-20");
    expect(dateOf("Protests began on Jan. 25 in Cairo.", "2011-01-28")).toBe("2011-01-25");
    expect(dateOf("Jackson died on 25 June.", "2009-07-29")).toBe("2009-06-25");
    expect(dateOf("The campaign began on 20 August.", "2017-07-09")).toBe("2016-08-20");
    expect(dateOf("The campaign began on October 17.", "2017-07-09")).toBe("2016-10-17");
  });

  it("told ahead, later this year however far; a day something is put off to is ahead", () => {
    expect(dateOf("The prize will be announced in Oslo on Oct. 10.", "2009-03-16")).toBe("2009-10-10");
    expect(dateOf("The band have postponed their shows in Monterrey, Mexico to July 31.", "2009-05-14")).toBe(
      "2009-07-31",
    );
  });

  it("stays in the reference year for the rest of its month and the month ahead", () => {
    expect(dateOf("The deadline is June 30.", WED)).toBe("2017-06-30");
    expect(dateOf("Schools have been closed until 6 May.", "2009-04-26")).toBe("2009-05-06");
  });

  it("September 11 as the attacks' name is 2001's, as a day of this year it is not", () => {
    expect(dateOf("He oversaw the fund for victims of the Sept. 11 terrorist attacks.", "2010-06-17")).toBe(
      "2001-09-11",
    );
    expect(dateOf("He ran the government's Sept. 11 Victim Compensation Fund.", "2010-10-20")).toBe("2001-09-11");
    expect(dateOf("Bush spoke there after the September 11 attacks.", "2011-01-11")).toBe("2001-09-11");
    expect(dateOf("It recalled the attacks of Sept. 11 and the crash.", "2010-06-17")).toBe("2001-09-11");
    expect(dateOf("September 11 was about the murder of 3,000 Americans.", "2010-06-14")).toBe("2001-09-11");
    expect(dateOf("With the Sept. 11 and Virginia Tech funds, his team worked for free.", "2010-06-19")).toBe(
      "2001-09-11",
    );
    expect(dateOf("She missed the Sept. 11 board meeting.", "2010-10-20")).toBe("2010-09-11");
  });

  it("a stated weekday picks the year", () => {
    expect(dateOf("shutting all schools until Wednesday May 6", "2009-04-28")).toBe("2009-05-06");
    expect(dateOf("Voting is on Friday, December 1.", "2017-07-09")).toBe("2017-12-01");
    expect(dateOf("Voting was on Thursday, December 1.", "2017-07-09")).toBe("2016-12-01");
  });
});

describe("holidays", () => {
  it("the nearer one, a day gone counting half as far as a day to come", () => {
    expect(dateOf("Obama went to Chicago over Memorial Day weekend.", "2010-06-03")).toBe("2010-05-31");
    expect(dateOf("As the Memorial Day holiday weekend gets under way, the marina is idle.", "2010-05-28")).toBe(
      "2010-05-31",
    );
    expect(dateOf("The final kill is likely to be delayed until after Labor Day.", "2010-08-20")).toBe("2010-09-06");
    expect(dateOf("Kennon has given BP a deadline of New Year's Day to finish.", "2010-11-17")).toBe("2011-01-01");
    expect(dateOf("It recalled the attempted Christmas Day airline bombing.", "2010-05-27")).toBe("2009-12-25");
    expect(dateOf("Families gathered for Thanksgiving.", "2010-11-30")).toBe("2010-11-25");
  });

  it("with a year, that year's; written in lower case, none", () => {
    expect(dateOf("On Christmas Day 2009, a man tried to bomb a plane.", "2010-05-27")).toBe("2009-12-25");
    expect(findTemporalMentions("On Christmas Day 2009, a man tried to bomb a plane.", null)[0]?.date).toBe(
      "2009-12-25",
    );
    expect(brief("They held a service of thanksgiving.", WED)).toEqual([]);
    // Another name's holiday is not the US's or the Western one.
    expect(brief("Britain marked Holocaust Memorial Day.", "2010-01-28")).toEqual([]);
    expect(brief("Orthodox Christmas Day is a holiday.", "2010-01-10")).toEqual([]);
    expect(dateOf("Obama spent the US Memorial Day holiday golfing.", "2010-06-19")).toBe("2010-05-31");
    expect(dateOf("Thanksgiving in 2011 was cold.", "2010-12-01")).toBe("2011-11-24");
    // A question may be typed in lower case.
    expect(
      findTemporalMentions("what did obama do over memorial day weekend", "2010-12-01", { question: true }).map(
        (m) => m.date,
      ),
    ).toEqual(["2010-05-31"]);
    // … and asks about the most recent one, though the coming one is nearer.
    expect(
      findTemporalMentions("obama chicago trip memorial day", "2011-01-31", { question: true }).map((m) => m.date),
    ).toEqual(["2010-05-31"]);
  });
});

describe("a month's week, and the eve of a day", () => {
  it("the first to fourth or last week of a month is that ISO week, in the year the month alone would be", () => {
    // The month alone was read ("June", month precision), or for "May" nothing at all.
    expect(brief("Talks collapsed in the first week of May.", "2010-06-20")).toEqual([
      ["the first week of May", "2010-W18", "week"],
    ]);
    expect(dateOf("If we had killed the well in the first week of June, things would differ.", "2010-11-08")).toBe(
      "2010-W22",
    );
    // Told ahead, the coming one; with a year, that year's, undated or not.
    expect(dateOf("The plugging operation starts in the first week of August.", "2010-07-25")).toBe("2010-W31");
    expect(dateOf("Troops arrived in the last week of April 2010.", "2011-03-01")).toBe("2010-W17");
    expect(dateOf("Troops arrived in the last week of April 2010.", null)).toBe("2010-W17");
    // 2010's last week of December holds the 28th: ISO week 52.
    expect(dateOf("Snow fell in the final week of December.", "2011-01-10")).toBe("2010-W52");
    // A report writes a month with its capital; a question need not.
    expect(brief("the second week of may was calm", "2010-06-20")).toEqual([]);
    expect(
      findTemporalMentions("what happened in the second week of may", "2010-06-20", { question: true }).map(
        (m) => m.date,
      ),
    ).toEqual(["2010-W19"]);
  });

  it("a week named by a day is that day's ISO week, or the middle of the seven days it begins or ends", () => {
    expect(brief("In the week of May 17, Coast Guard officials found tar balls.", "2010-05-28")).toEqual([
      ["May 17", "2010-W20", "week"],
    ]);
    // Sunday 26 April 2009 ends its ISO week; Monday 6 September 2010 begins one.
    expect(dateOf("Traffic jumped 442 percent in the week ending April 26, officials said.", "2009-04-29")).toBe(
      "2009-W17",
    );
    expect(dateOf("It would start probably in the week beginning 6 September.", "2010-08-19")).toBe("2010-W36");
    // Seven days ending on a Monday hold mostly the ISO week before.
    expect(dateOf("Sales fell in the week ending Monday, April 26.", "2010-04-28")).toBe("2010-W16");
    expect(dateOf("Sales fell in the week of Thanksgiving.", "2010-12-01")).toBe("2010-W47");
  });

  it("the eve of a day is the day before it", () => {
    expect(dateOf("Protesters gathered on the eve of July 4 in the capital.", "2010-07-10")).toBe("2010-07-03");
    // So is "the day before" it, and "the day after" the day after.
    expect(dateOf("It was the day before Thanksgiving in 2011 when they found him.", "2012-01-04")).toBe("2011-11-23");
    expect(dateOf("Crews arrived the day after the April 20 explosion.", "2010-05-05")).toBe("2010-04-21");
    expect(dateOf("The day before yesterday, I called my brother.", "2009-05-06")).toBe("2009-05-04");
    expect(dateOf("On the eve of Tuesday's vote, crowds gathered.", "2010-06-20")).toBe("2010-06-14");
    expect(dateOf("Shoppers queued on the eve of Thanksgiving.", "2010-11-30")).toBe("2010-11-24");
    expect(dateOf("Christmas Eve was quiet.", "2010-01-10")).toBe("2009-12-24");
  });
});

describe("days counted from a day the narrative names", () => {
  it("count from the last day named before them in the sentence", () => {
    expect(brief("The rig exploded on 20 April and sank two days later, killing 11.", "2010-05-20")).toEqual([
      ["20 April", "2010-04-20", "day"],
      ["two days later", "2010-04-22", "day"],
    ]);
    expect(brief("The rig sank on April 22 after exploding two days earlier.", "2010-06-03").at(-1)?.[1]).toBe(
      "2010-04-20",
    );
    expect(brief("BP shares fell on Friday, after climbing almost 7% a day earlier.", "2010-06-18")).toEqual([
      ["Friday", "2010-06-18", "day"],
      ["a day earlier", "2010-06-17", "day"],
    ]);
    expect(
      brief("The stock rose on Thursday after taking a dive the previous day.", "2010-06-10").map(([, date]) => date),
    ).toEqual(["2010-06-10", "2010-06-09"]);
    // Ahead, as the day it counts from is.
    expect(
      brief("Cafes are to reopen on Wednesday, with museums to follow a day later.", "2009-05-05").map(
        ([, date]) => date,
      ),
    ).toEqual(["2009-05-06", "2009-05-07"]);
    // From an absolute day, in an undated report too.
    expect(brief("It exploded on 20 April 2010 and sank two days later.", null).map(([, date]) => date)).toEqual([
      "2010-04-20",
      "2010-04-22",
    ]);
  });

  it("weeks and months counted are a week and a month; 'that day' is the day the sentence before named", () => {
    expect(brief("BP capped the well on July 15 and a month later declared it dead.", "2010-09-20").at(-1)).toEqual([
      "a month later",
      "2010-08",
      "month",
    ]);
    // 5 May 2010 and two weeks: the 19th, in ISO week 20.
    expect(
      brief("On May 5, Crowley announced 13 offers. Two weeks later, the State Department said no.", "2010-06-14").at(
        -1,
      )?.[1],
    ).toBe("2010-W20");
    expect(
      brief("NHS Direct got its first call on Sunday. By 11.30 pm that night it had 88 calls.", "2009-04-28").map(
        ([, date]) => date,
      ),
    ).toEqual(["2009-04-26", "2009-04-26"]);
    // In a chronology's present tense too.
    expect(
      brief("On 27 April Spain confirms a case. Later that day the virus is confirmed in Scotland.", "2009-05-01").at(
        -1,
      ),
    ).toEqual(["Later that day", "2009-04-27", "day"]);
    // In its own day's sentence it names no other day; after "said" it introduces what was said.
    expect(brief("On Sunday, officials met, and that night they agreed.", "2009-04-28")).toHaveLength(1);
    expect(brief("The plan was set on Monday. Officials said that night shifts would end.", "2010-06-20")).toHaveLength(
      1,
    );
    // Hours and minutes later are the same day, up to twelve hours; the next morning is the next day.
    expect(
      brief(
        "On May 12, executives appeared at a hearing. About an hour earlier, Republicans had met.",
        "2010-06-18",
      ).at(-1),
    ).toEqual(["an hour earlier", "2010-05-12", "day"]);
    expect(brief("The rig exploded on April 20. Just over 36 hours later the rig sank.", "2010-06-18")).toHaveLength(1);
    expect(
      brief("The spill began late July 25. The leak was not noticed until 11:45 the next morning.", "2010-08-06").at(
        -1,
      )?.[1],
    ).toBe("2010-07-26");
    expect(brief("He resigned on July 27. The night before, he met Obama.", "2010-08-06").at(-1)?.[1]).toBe(
      "2010-07-26",
    );
    // "Today, five months later": the count runs up to the report's day.
    expect(brief("Today, almost five months later, the company gave its opinion.", "2010-09-08")).toHaveLength(1);
  });

  it("countsFromBefore: a count with no day named before it in its text reads its day from the sentence before", () => {
    const counted = (text: string, dayBefore: { day: string; relative: boolean } | null = null) => {
      const mentions = findTemporalMentions(text, "2010-05-05", { dayBefore });
      return mentions.map((m) => countsFromBefore(text, m, mentions));
    };
    expect(counted("It sank two days later.", { day: "2010-04-20", relative: true })).toEqual([true]);
    expect(counted("The rig exploded on April 20 and sank two days later.")).toEqual([false, false]);
    // A passage (a timeline's quote) that names the day it counts from says it on its own.
    expect(counted("The rig exploded on April 20. It sank two days later.")).toEqual([false, false]);
  });

  it("from the passage before, which the caller gives", () => {
    const dayBefore = { day: "2010-04-20", relative: true };
    expect(findTemporalMentions("It sank two days later.", "2010-05-05", { dayBefore }).map((m) => m.date)).toEqual([
      "2010-04-22",
    ]);
    // Not in a sentence that looks ahead, unless the day it counts from is still to come.
    expect(
      findTemporalMentions("“You're not going to see drilling the next day,” said Bromwich.", "2010-09-28", {
        dayBefore,
      }),
    ).toEqual([]);
    expect(
      findTemporalMentions("Museums are to follow suit a day later.", "2009-05-04", {
        dayBefore: { day: "2009-05-06", relative: true },
      }).map((m) => m.date),
    ).toEqual(["2009-05-07"]);
    // Only at the text's head: not past a sentence that names no day.
    expect(findTemporalMentions("Rain fell. It sank two days later.", "2010-05-05", { dayBefore })).toEqual([]);
    // The present perfect tells back too.
    expect(
      brief("The rig exploded on April 20. Seven months later, BP has settled on a plan.", "2010-11-17").at(-1),
    ).toEqual(["Seven months later", "2010-11", "month"]);
    // Told as done, yet after the report: counted from an event no date names, so no day.
    expect(
      brief("Officials acknowledged Sunday that rescue came first. A declaration came nine days later.", "2010-05-03"),
    ).toEqual([["Sunday", "2010-05-02", "day"]]);
  });

  it("from the sentence before when their own sentence tells the past", () => {
    expect(brief("The rig exploded on April 20. It sank two days later.", "2010-06-20").at(-1)).toEqual([
      "two days later",
      "2010-04-22",
      "day",
    ]);
    expect(brief("On May 3, BP capped one leak. The next day, it tried again.", "2010-06-20").at(-1)?.[1]).toBe(
      "2010-05-04",
    );
    // Not two sentences back, not in a sentence that tells no past.
    expect(brief("BP capped the well on July 15. Rain fell. The next day it was sealed.", "2010-07-30")).toHaveLength(
      1,
    );
    expect(brief("BP capped the well on July 15. You won't see drilling the next day.", "2010-07-30")).toHaveLength(1);
  });

  it("not a length of time, a comparison, or a day with no day named before it", () => {
    expect(brief("On Monday officials said they will spend the next day determining the damage.", WED)).toHaveLength(1);
    expect(brief("Tests began Wednesday -- already a day later than scheduled.", "2010-07-15")).toHaveLength(1);
    expect(brief("It sank two days later.", "2010-06-20")).toEqual([]);
    expect(brief("The rig exploded in April and sank two days later.", "2010-06-20")).toHaveLength(1);
    // A question's "the next day" has no narrative to count from.
    expect(
      findTemporalMentions("what happened on april 20 and the next day", "2010-06-20", { question: true }).map(
        (m) => m.date,
      ),
    ).toEqual(["2010-04-20"]);
  });
});

describe("yesterday, today, tomorrow", () => {
  it("day precision relative to the reference", () => {
    expect(only("Part of Russia's parliament approved that treaty yesterday.", WED)).toMatchObject({
      date: "2017-06-27",
      precision: "day",
      relative: true,
    });
    expect(dateOf("The rally is today.", WED)).toBe(WED);
    expect(dateOf("The rally is tomorrow.", WED)).toBe("2017-06-29");
    expect(dateOf("Both took to the airwaves last night.", WED)).toBe("2017-06-27");
    expect(dateOf("Hogan told reporters this morning.", WED)).toBe(WED);
    expect(dateOf("Obama called at 8:30 this morning.", WED)).toBe(WED);
    expect(dateOf("He was seen yesterday afternoon.", WED)).toBe("2017-06-27");
  });

  it("now is never a date", () => {
    expect(brief("There is now just 600 metres left.", WED)).toEqual([]);
    expect(brief("Now, the troops are advancing.", WED)).toEqual([]);
    expect(brief("Palin went from 48% on Saturday now stands at 38%.", WED)).toEqual([]);
  });

  it("today/tomorrow inside quotation marks are not dates", () => {
    const quote =
      "“I don’t want to speculate if it’s today or tomorrow but I think it’s going to be very soon,” he added.";
    expect(brief(quote, "2017-07-09")).toEqual([]);
    expect(brief('"We will finish the job today," he said.', WED)).toEqual([]);
    expect(brief("He said: “Victory is coming tomorrow”.", WED)).toEqual([]);
    // an unclosed quote runs to the end of its paragraph only
    expect(brief("“The fight goes on now and today\nThe rally is today.", WED)).toEqual([["today", WED, "day"]]);
  });

  it("today outside the quotation is kept", () => {
    expect(brief("“It is over,” the general said today.", WED)).toEqual([["today", WED, "day"]]);
  });
});

describe("things that are not dates", () => {
  const NOT_DATES = [
    "1/22 Iraqi army soldiers from the 9th armoured division on a truck flash the sign of victory Getty",
    "13/22 People who just fled Abu Jarbuah village sit as they eat at a Kurdish Peshmerga position Reuters",
    "22 show all In pictures: Mosul offensive",
    "There is now just 600 metres (2,000 ft) left to cover between the frontline and the riverbank.",
    "In nine months of fighting a total of 850,000 people have fled their homes",
    "Iraq will announce imminently a final victory in the nearly nine-month offensive to retake Mosul",
    "Isis fighters have had more than two years to prepare to defend their position",
    "gains by Kurdish peshmerga soldiers in the first 24 hours of the offensive",
    "The curfew starts at 10pm.",
    "Iraqi forces ‘only seven miles away’ from Mosul on second day of offensive to retake city",
    "militants blew up the city’s 12th century Grand Mosque",
    "The blazing 45 degree heat and stench of dead bodies",
    "to free Mosul’s estimated 1.5million residents from Isis’ rule",
    "“In a few days our forces will reach the Corniche,” he said.",
    "Aid will arrive in the coming days.",
    "Jihadists have been putting up fierce resistance in recent days.",
    "victory will “come very soon”",
    "have given the last few days of the battle an apocalyptic feel",
    "The rig sank two days later.",
    "The next day, his car was found.",
    "within the next two weeks",
    "who could be trapped by weeks or months of intense fighting",
  ];
  for (const text of NOT_DATES) {
    it(JSON.stringify(text.slice(0, 60)), () => {
      expect(brief(text, WED)).toEqual([]);
    });
  }
});

describe("undated reports (null reference)", () => {
  it("keeps only expressions that fix their own date", () => {
    expect(brief("More than 77 square miles was regained from Isis on Monday.", null)).toEqual([]);
    expect(brief("The Kurdish peshmerga troops have now paused on Tuesday.", null)).toEqual([]);
    expect(brief("It began in November.", null)).toEqual([]);
    expect(brief("It happened last week, yesterday and over the weekend.", null)).toEqual([]);
    expect(brief("retaken from IS earlier this month", null)).toEqual([]);
    expect(brief("The battle for Mosul first began on October 17, 2016 and", null)).toEqual([
      ["October 17, 2016", "2016-10-17", "day"],
    ]);
    expect(brief("the self-declared caliphate in 2014, although", null)).toEqual([["2014", "2014", "year"]]);
    expect(brief("in the summer of 2014", null)).toEqual([["the summer of 2014", "2014-06", "month"]]);
    expect(brief("began in October 2016.", null)).toEqual([["October 2016", "2016-10", "month"]]);
  });

  it("treats an invalid reference as undated", () => {
    expect(brief("It began on Monday, June 10, 2014 and on Tuesday.", "2017-13-45")).toEqual([
      ["Monday, June 10, 2014", "2014-06-10", "day"],
    ]);
  });
});

describe("text and offsets", () => {
  it("skips a leading corpus header and trims prepositions and punctuation", () => {
    const text = " date 2017-06-28 Iraqi forces pushed on Tuesday, effectively driving Isis out (Friday) as well.";
    const mentions = findTemporalMentions(text, "2017-06-28");
    expect(mentions.map((m) => [m.text, m.date])).toEqual([
      ["Tuesday", "2017-06-27"],
      ["Friday", "2017-06-23"],
    ]);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it("offsets are UTF-16 indices in the original text", () => {
    const text = "😀 Émigrés — “quoted” — fled on 20 April 2016.\r\nThen on Tuesday.";
    const mentions = findTemporalMentions(text, WED);
    expect(mentions.map((m) => m.text)).toEqual(["20 April 2016", "Tuesday"]);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });
});

// ---------------------------------------------------------------------------------------------------------------

const CORPUS_DIR = join(import.meta.dirname, "..", "corpus");
const SEED_REPORTS = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith(".txt"))
  .map((f) => readFileSync(join(CORPUS_DIR, f), "utf8"));

describe("seed reports", () => {
  it("finds the dates of the Mosul report of 28 June 2017", () => {
    const report = SEED_REPORTS.find((r) => r.startsWith(" date 2017-06-28"));
    if (report === undefined) throw new Error("the seed report of 2017-06-28 is missing");
    expect(brief(report, "2017-06-28")).toEqual([
      ["Tuesday", "2017-06-27", "day"],
      ["October 2016", "2016-10", "month"],
      ["the weekend", "2017-06-24", "day"],
      ["the end of 2016", "2016-12", "month"],
      ["last week", "2017-W25", "week"],
      ["the summer of 2014", "2014-06", "month"],
    ]);
  });

  it("finds the dates of the Mosul report of 9 July 2017", () => {
    const report = SEED_REPORTS.find((r) => r.startsWith(" date 2017-07-09"));
    if (report === undefined) throw new Error("the seed report of 2017-07-09 is missing");
    expect(brief(report, "2017-07-09")).toEqual([
      ["June 10, 2014", "2014-06-10", "day"],
      ["October", "2016-10", "month"],
      ["October 17, 2016", "2016-10-17", "day"],
      ["2014", "2014", "year"],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

function checkInvariants(text: string, ref: string | null, mentions: TemporalMention[]): void {
  let previousStart = -1;
  for (const m of mentions) {
    expect(m.start).toBeGreaterThanOrEqual(0);
    expect(m.end).toBeGreaterThan(m.start);
    expect(m.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(m.start).toBeGreaterThan(previousStart);
    previousStart = m.start;
    expect(precisionOf(m.date)).toBe(m.precision);
    expect(parseIsoDate(m.day)).toBe(m.day);
    switch (m.precision) {
      case "day":
        expect(parseIsoDate(m.date)).toBe(m.date);
        expect(m.day).toBe(m.date);
        break;
      case "week": {
        const monday = toCivil(m.day);
        expect(monday && weekdayOf(monday)).toBe(1);
        expect(monday && formatIsoWeek(monday)).toBe(m.date);
        break;
      }
      case "month":
        expect(m.day).toBe(`${m.date}-01`);
        expect(Number(m.date.slice(5))).toBeGreaterThanOrEqual(1);
        expect(Number(m.date.slice(5))).toBeLessThanOrEqual(12);
        break;
      case "year":
        expect(m.day).toBe(`${m.date}-01-01`);
        break;
    }
    if (ref === null) expect(m.relative).toBe(false);
  }
}

const referenceDate = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const maybeReference = fc.option(referenceDate, { nil: null });

const TOKENS = [
  "on",
  "in",
  "the",
  "last",
  "this",
  "next",
  "week",
  "weekend",
  "month",
  "year",
  "Monday",
  "Tuesday",
  "sat",
  "May",
  "March",
  "June",
  "Jan.",
  "Sept",
  "10",
  "25",
  "2014",
  "2016-17",
  "1/22",
  "26/04/2009",
  "summer",
  "fall",
  "of",
  "end",
  "ago",
  "two",
  "days",
  "yesterday",
  "today",
  "tomorrow",
  "now",
  "night",
  "“",
  "”",
  '"',
  ",",
  ".",
  "-",
  "\n",
  "😀",
  "at",
  "10pm",
  "since",
];
const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((t) => t.join(" "));

describe("properties", () => {
  it("arbitrary strings: never throws, offsets and formats hold", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), maybeReference, (text, ref) => {
        checkInvariants(text, ref, findTemporalMentions(text, ref));
      }),
      { numRuns: 300 },
    );
  });

  it("date-like token soup: never throws, offsets and formats hold", () => {
    fc.assert(
      fc.property(tokenText, maybeReference, (text, ref) => {
        checkInvariants(text, ref, findTemporalMentions(text, ref));
      }),
      { numRuns: 500 },
    );
  });

  it("random slices of the seed reports with random references", () => {
    const reports = SEED_REPORTS.length > 0 ? SEED_REPORTS : ["on Tuesday in June 2014"];
    fc.assert(
      fc.property(
        fc.constantFrom(...reports),
        fc.nat(),
        fc.nat({ max: 3000 }),
        maybeReference,
        (report, from, length, ref) => {
          const start = from % (report.length + 1);
          const text = report.slice(start, start + length);
          checkInvariants(text, ref, findTemporalMentions(text, ref));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a weekday or a month never resolves after the reference unless the sentence looks ahead", () => {
    fc.assert(
      fc.property(
        referenceDate,
        fc.constantFrom("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        fc.constantFrom("January", "April", "July", "October", "December"),
        (ref, weekday, month) => {
          const mentions = findTemporalMentions(`Troops attacked on ${weekday}. The siege began in ${month}.`, ref);
          expect(mentions).toHaveLength(2);
          for (const m of mentions) expect(m.day <= ref).toBe(true);
          const [day, monthMention] = mentions as [TemporalMention, TemporalMention];
          // within the past week, and within the past year
          expect(Date.parse(ref) - Date.parse(day.day)).toBeLessThan(7 * 86_400_000);
          expect(Date.parse(ref) - Date.parse(monthMention.day)).toBeLessThan(366 * 86_400_000);
        },
      ),
      { numRuns: 200 },
    );
  });
});

import type * as chrono from "chrono-node/en";
import { runOnStarts } from "../run-on.js";
import {
  addDays,
  addMonths,
  type CivilDate,
  civil,
  type DatePrecision,
  dayNumber,
  daysInMonth,
  formatDay,
  formatIsoWeek,
  formatMonth,
  formatYear,
  inSupportedRange,
  nthWeekdayOfMonth,
  MAX_YEAR,
  MIN_YEAR,
  mondayOf,
  toCivil,
  type Weekday,
  weekdayOf,
} from "./calendar.js";
import {
  countOf,
  MONTH_PATTERN,
  MONTH_SHORT_PATTERN,
  type Expr,
  exprOf,
  type Holiday,
  isCapitalised,
  monthNumber,
  monthOfWord,
  type Season,
  sourcesOf,
  WEEKDAY_NAMES,
  type WeekOfMonth,
  type Which,
} from "./expressions.js";

export interface Resolution {
  date: string;
  precision: DatePrecision;
  day: string;
  relative: boolean;
  /** today/tonight/tomorrow/this morning: speech about the moment of speaking, dropped inside quotations. */
  deictic: boolean;
}

export interface ResolveContext {
  /** The report's publication date; null for an undated report, where anything relative resolves to nothing. */
  ref: CivilDate | null;
  /** Text of the same sentence before and after the phrase: used for tense and for word-sense checks. */
  before: string;
  after: string;
  /**
   * A reader's question, resolved against today: it asks about what was reported, so a month is the
   * most recent one whatever the tense ("deaths in Mexico by end of April"), never the nearer one.
   */
  question?: boolean;
}

function dayRes(c: CivilDate | null, relative: boolean, deictic = false): Resolution | null {
  if (!c || !inSupportedRange(c)) return null;
  const date = formatDay(c);
  return { date, precision: "day", day: date, relative, deictic };
}

function weekRes(c: CivilDate, relative: boolean): Resolution | null {
  const monday = mondayOf(c);
  if (!inSupportedRange(monday)) return null;
  return { date: formatIsoWeek(c), precision: "week", day: formatDay(monday), relative, deictic: false };
}

function monthRes(y: number, m: number, relative: boolean): Resolution | null {
  if (y < MIN_YEAR || y > MAX_YEAR) return null;
  return { date: formatMonth(y, m), precision: "month", day: `${formatMonth(y, m)}-01`, relative, deictic: false };
}

function yearRes(y: number, relative: boolean): Resolution | null {
  if (y < MIN_YEAR || y > MAX_YEAR) return null;
  return { date: formatYear(y), precision: "year", day: `${formatYear(y)}-01-01`, relative, deictic: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Reference-relative rules. News reports mostly look back, so an underspecified date is the most recent one on or
// before the report, unless the sentence is about the future ("will", "is due to").

/**
 * Words that say a thing is forecast, not done ("relief wells unlikely to be ready until August",
 * "the fix remains slated for mid-August"): the sentence looks ahead (FUTURE_CUE), and the timeline
 * reads it as unrealised (`isUnrealised`). A regular expression's source, without flags.
 */
export const FORECAST_CUES = String.raw`on\s+(?:course|track|schedule)\s+(?:for|to)|slated|(?:un)?likely\s+to|certain\s+to`;

const FUTURE_CUE = new RegExp(
  String.raw`(?:\b(?:will|shall|won't|due\s+to|is\s+due|are\s+due|(?:is|are)\s+to(?!\s+blame)|scheduled|going\s+to|set\s+to|plans?\s+to|planning\s+to|expect(?:ed\s+to|s?\b)|to\s+be\s+(?:held|delivered|released|published|presented|unveiled|sent|signed|debated|given|heard|announced|issued|launched|named|decided)|should(?!\s+have\b(?!\s+(?:the|a|an|its|their|his|her|some|enough|more)\b))|hopes?\s+to|aims?\s+to|destined\s+to|${FORECAST_CUES})\b|['’]ll\b)`,
  "i",
);

/** How far back in the sentence a cue still governs the phrase. */
const CUE_REACH = 100;

export function looksFuture(before: string): boolean {
  return FUTURE_CUE.test(before.slice(-CUE_REACH));
}

/** FUTURE_CUE, every match: where the last one ends. */
const FUTURE_CUES = new RegExp(FUTURE_CUE.source, "gi");

/**
 * A plan reported in the past tense ("BP said its board would meet on Monday", "Obama planned to
 * visit on Friday", "the board was to meet on Monday", "ahead of Thursday's hearing", "relief wells
 * meant to stop the flow in August"): for a weekday, a week at most away, that is the coming day.
 * Not a refusal ("would not comment Friday").
 */
const PLANNED_IN_THE_PAST =
  /\b(?:would(?!\s+not\s+(?:comment|say|confirm|discuss|elaborate))|(?<!\bhad\s+)(?:planned\s+(?:to|for|an?)|hoped\s+to|hoping\s+to)|(?:was|were)\s+(?:to|due)|(?:is|are|am)\s+(?:\w+ly\s+)?(?:awaiting|waiting\s+for|waiting)|expected\s+(?:on|by)|intend(?:s|ed)?\s+to|supposed\s+to|meant\s+to|aiming\s+to|ahead\s+of)\b/gi;
/**
 * An order or request reported in the past, its act still to come: "I have ordered the Secretaries
 * …, as well as Lisa Jackson …, to visit the site on Friday", "Calderon told government offices …
 * to stop work beginning on Friday". Read only before the weekday, never as a fronted weekday's
 * cue: "On Wednesday the US government asked BP to tell it …" dates the asking.
 */
const ORDER_REACH = 200;
const ORDERED_TO =
  /\b(?:ordered|instructed|directed|dispatched|asked|urged|told|called\s+on|invited)\s+[^.;]{1,120}?\bto\s+(?!have\b)\w+/gi;
/** The weekday dates the telling: "…, Gibbs said Thursday", "Allen told a briefing on Monday". */
const TOLD_ON =
  /\b(?:said|says|told\s+[^,.;]{1,40}?|announced|reported|confirmed|added|stated|declared)\s+(?:(?:late|early)\s+)?(?:on\s+)?$/i;
/** Not a finite verb: after "be" ("will be made on Monday") or a determiner ("the seabed on Thursday"). */
const NOT_FINITE = String.raw`(?<!\b(?:be|been|being|is|are|the|a|an|its|his|her|their|our|this|that)\s+(?:\w+ly\s+)?)`;
/** The weekday dates an act done: "tests, which began Wednesday afternoon", "the barrels BP trapped on Wednesday". */
const DONE_ON = new RegExp(
  String.raw`${NOT_FINITE}\b(?!(?:scheduled|planned|expected|slated)\b)(?:\w{3,}ed|made|began|flew|went|came|took|met|held)\s+(?:(?:late|early)\s+)?(?:on\s+)?$`,
  "i",
);
/**
 * "the operation, which could begin as soon as Wednesday", "the storm was likely on Monday to regain
 * …", "second quarter results due on Tuesday", "a status hearing set for Friday", "landfall …,
 * possibly by Thursday", "an operation to begin late Tuesday" (not "failed to start on Monday"):
 * the coming one.
 */
const AS_SOON_AS =
  /\b(?:as\s+soon\s+as|(?:un)?likely|due|(?:set|slated|scheduled)\s+for|(?:possibly|probably|perhaps)\s+by|(?<!\b(?:failed|tried|refused|managed|attempted|began|started|ceased)\s+)to\s+(?:begin|start|resume|open|reopen|take\s+place|be\s+held))\s+(?:(?:early|late)\s+)?(?:on\s+)?$/i;
/** A past verb between the cue and the weekday starts another telling: "Obama would not travel …, the president flew into New Orleans Sunday". */
const PAST_VERB = new RegExp(
  String.raw`${NOT_FINITE}\b(?:was|were|had|did|said|told|flew|went|came|made|took|began)\b`,
  "i",
);

/**
 * Whether a bare weekday is the coming one: the sentence looks ahead (FUTURE_CUE) or reports a
 * plan (PLANNED_IN_THE_PAST) before it, and neither the telling, an act done, nor a past verb after
 * the cue dates it instead.
 */
function weekdayLooksAhead(before: string): boolean {
  if (AS_SOON_AS.test(before)) return true;
  if (TOLD_ON.test(before) || DONE_ON.test(before)) return false;
  const window = before.slice(-CUE_REACH);
  let cueEnd = -1;
  for (const cues of [FUTURE_CUES, PLANNED_IN_THE_PAST])
    for (const m of window.matchAll(cues)) cueEnd = Math.max(cueEnd, m.index + m[0].length);
  if (cueEnd >= 0) {
    const rest = window.slice(cueEnd);
    return !PAST_VERB.test(rest) && !PAST_RELATIVE_CLAUSE.test(rest);
  }
  // An order names whom it is given to, at length ("the Secretaries of Interior and Homeland
  // Security, as well as …"): read further back, up to the infinitive that carries it.
  // "ordered BP to pay for … berms Wednesday": a bare weekday, as news writes it, dates the order.
  if (/\bon\s+(?:(?:early|late)\s+)?$/i.test(before)) {
    const reach = before.slice(-ORDER_REACH);
    const ordered = [...reach.matchAll(ORDERED_TO)].pop();
    const sinceCue = ordered ? reach.slice(ordered.index + ordered[0].length) : null;
    if (sinceCue !== null && sinceCue.length <= CUE_REACH && !PAST_VERB.test(sinceCue)) return true;
  }
  return scheduledInThePresent(window.slice(clauseStart(window)));
}

/**
 * A scheduled event told in the present tense, as news tells the days ahead: "Hayward, who himself
 * faces a House hearing on Thursday", "He returns to the region on Monday", "BP, which reports its
 * results on Wednesday", "the Federal Reserve starts a two-day meeting on Tuesday". Not a noun
 * ("reports of Thursday's fire"), nor with a past verb anywhere in its clause.
 */
const SCHEDULED_IN_THE_PRESENT =
  /\b(?:faces|meets|holds|hosts|starts|begins|opens|resumes|returns|travels|visits|heads|testifies|votes|hears|takes\s+over|reports\s+(?:its|their|quarterly|annual|first|second|third|fourth|half))\b/i;

/**
 * The same told in the plural of what is scheduled (meetings, hearings, notices, schools …): "The
 * first 160 layoff notices go out on Friday", "A series of public meetings start Wednesday". Not of
 * any plural: "officials head back to the Gulf this week following Obama's second visit on Friday"
 * names a Friday gone. Case-sensitive, so a headline's "… Every Catastrophe We Face" run into the
 * text is no verb; not after "to", a modal or a denial.
 */
const SCHEDULED_IN_THE_PLURAL =
  /(?<!\b(?:to|not|never|did|didn['’]t|can|could|will|would|may|might|must|should|shall)\s+)\b(?:[Tt]hey|[Ww]e|talks|hearings|meetings|sessions|notices|tests|trials|games|schools|classes|markets|polls)\s+(?:face|meet|hold|host|start|begin|open|resume|return|travel|visit|head|testify|vote|go\s+out|close|reopen)\b/u;

function scheduledInThePresent(clause: string): boolean {
  return (SCHEDULED_IN_THE_PRESENT.test(clause) || SCHEDULED_IN_THE_PLURAL.test(clause)) && !tellsThePast(clause);
}

/**
 * The day an event is, told in the present: "The hearing is on Thursday", "The actual deadline is
 * 11:59 p.m. Tuesday" (`before`: the text before the date's phrase), "There's a board meeting on
 * Monday" (`preceding`: before the weekday itself). Not "it is Monday", "is Monday's biggest story",
 * a day something is reckoned from ("There is growing anger since Monday"), nor with a past verb in
 * its clause.
 */
function isTheDayOfAnEvent(before: string, preceding: string, following: string): boolean {
  const clause = preceding.slice(clauseStart(preceding));
  if (tellsThePast(clause) || /\b(?:since|after|before|until|till|from)\b/i.test(clause)) return false;
  if (/(?<!\bit\s+)\b(?:is|are)\s+(?:on\s+)?$/i.test(before)) return !/^['’]s\b/.test(following);
  return /\bthere(?:['’]s|\s+is|\s+are)\s+(?:a|an)\s+[^,.;]{1,40}?\s+(?:on|this|next)\s+$/i.test(preceding);
}

/**
 * Whether a time phrase set at the head of its sentence or clause ("On Wednesday, …", "Saturday
 * afternoon …") is told ahead by its own clause: its first verb is a cue ("On Friday he will make
 * his second visit", "On Monday, he is scheduled to go to Houston"), with no past verb before it
 * ("On Tuesday, Salazar announced that the agency will be split"), before what is reported or a
 * next clause, nor a chronology's entry. Read in the tune folders (session 47): each of the 21
 * weekday readings this changed had put a coming visit, hearing, speech or operation on the week
 * before, and the one day ("By August 15, some 86 million gallons will have spilled") on last year's.
 */
function frontedAndAhead(before: string, after: string): boolean {
  const head = before.slice(clauseStart(before));
  const fronted = FRONTED.test(head) || (SCENE_SET.test(head) && !tellsThePast(head));
  if (!fronted || isChronologyEntry(before, after)) return false;
  // Up to what is reported, and not into a next clause.
  const rest = clauseAfterFronted(after).split(/,\s*(?:and|but)\b/)[0] ?? "";
  // "By Sunday, the box could be capturing …": a deadline's modal looks ahead ("On Thursday, I could smell" does not).
  const byModal = /^\W*by\b/i.test(head) ? MODAL_NOT_DENIED.exec(rest) : null;
  const cue = lookingAheadIn(rest) ?? byModal;
  return cue !== null && !tellsThePast(rest.slice(0, cue.index));
}

/** The clause after a fronted phrase, up to what is reported ("stuck to the estimate *that* the leak will be plugged"). */
function clauseAfterFronted(after: string): string {
  return (after.split(/[.;”]|"(?!\w)|\bthat\b/)[0] ?? "").slice(0, CUE_REACH);
}

/** The first cue in `clause` that it looks ahead: a future (FUTURE_CUE) or a plan told in the past. */
function lookingAheadIn(clause: string): RegExpExecArray | null {
  return FUTURE_CUE.exec(clause) ?? PLANS_A_CLAUSE.exec(clause);
}

/** A sentence's opening phrase that sets a scene: "In his meeting with Svanberg on Wednesday, Obama will press …". */
const SCENE_SET = /^\W*(?:in|at|during|after)\s+(?:his|her|their|its|the|a|an)\b[^,;]*$/i;

/**
 * Whether a time phrase at the head of a sentence's second clause is told as done by that clause,
 * whatever the first clause looked ahead to: "The president plans to visit the gulf again, on
 * Friday, and on Wednesday, the White House called in a group of journalists". Only after ", and"
 * or ", but": not a quotation's tag ("Obama will visit the Gulf, on Monday, he said"), nor a day
 * coordinated with another ("Ahead of hearings on Tuesday and Thursday, lawmakers released").
 */
function frontedAndDone(before: string, after: string): boolean {
  const start = clauseStart(before);
  if (!/,\s*(?:and|but)$/i.test(before.slice(0, start)) || !FRONTED.test(before.slice(start))) return false;
  const rest = clauseAfterFronted(after);
  const cue = lookingAheadIn(rest);
  return tellsThePast(cue ? rest.slice(0, cue.index) : rest);
}

/**
 * A chronology's entry, told in the present whenever it happened: "April 30 - BP CEO Tony Hayward
 * says the company takes full responsibility … and will pay", "May 11/12 - Executives from BP …".
 */
function isChronologyEntry(before: string, after: string): boolean {
  return /^\W*$/.test(before) && /^(?:\s*\\?\/\s*\d{1,2})?\s*[-–—:]/.test(after);
}

/**
 * Whether "the weekend" is the coming one: its own clause looks ahead as a weekday's would ("UK PM
 * David Cameron and President Obama will discuss the spill at the weekend", "Bonnie … was to enter
 * the Gulf of Mexico by the weekend"), and nothing between marks it as a point looked back from
 * ("BP now aims to deploy a dome after its effort over the weekend"). Not a cue in a clause before
 * it ("$20bn will not be enough, and this weekend Feinberg said"). Read in the tune folders (session
 * 47): each of the 7 readings this changed was wrong and is right.
 */
function weekendLooksAhead(before: string): boolean {
  const clause = before.slice(clauseStart(before));
  // The sentence's cue governs a weekend its later clause names: "We expect the seas to calm down
  // as we get into Friday and further into the weekend".
  return (weekdayLooksAhead(clause) || weekdayLooksAhead(before)) && !/\b(?:after|since|following)\b/i.test(clause);
}

/**
 * A writer gives the year of a date in another year further ahead than this ("June 2011", "next
 * June"): a month or a day named without one, in a sentence that looks ahead, is next year's only
 * this close (`withinReachAhead`), and in a sentence with no cue the coming one only this close
 * (`isSoonToCome`). "Obama will head to Louisiana for the second time since the April 20 rig
 * blast", in a May report, is this April's, not next year's.
 */
const MAX_MONTHS_AHEAD = 6;

/** How many months `month` lies after the reference's month, 0 to 11. */
function monthsAhead(month: number, ref: CivilDate): number {
  return (month - ref.m + 12) % 12;
}

/**
 * Whether a sentence that looks ahead may mean the coming `month`: any later this year ("this year's
 * prize will be announced in Oslo on Oct. 10", in March), one across the turn of the year only
 * within MAX_MONTHS_AHEAD.
 */
function withinReachAhead(month: number, ref: CivilDate): boolean {
  return month > ref.m || monthsAhead(month, ref) <= MAX_MONTHS_AHEAD;
}

/** The year of the coming `month`: this year's from the reference's month on, next year's before it. */
function comingYear(month: number, ref: CivilDate): number {
  return month >= ref.m ? ref.y : ref.y + 1;
}

/** Month named without a year: the most recent past one (the reference month counts as this year's). */
export function yearForMonth(month: number, ref: CivilDate, future: boolean): number {
  if (future && withinReachAhead(month, ref)) return comingYear(month, ref);
  return month <= ref.m ? ref.y : ref.y - 1;
}

/** What may stand between a deadline's word and its month: "by *late* June", "before *the end of* November". */
const MONTH_PART = String.raw`\s+(?:(?:early|mid|late)[\s-]+|the\s+(?:end|start|beginning|middle)\s+of\s+)?$`;

/**
 * A month named as a deadline: "until August", "by late June", "before the end of November". A
 * deadline is close at hand on either side, and mostly ahead: "relief wells unlikely to be ready
 * until August", in a May report, is this August, not last.
 */
const DEADLINE_BEFORE = new RegExp(
  String.raw`\b(?:until|till|by|before|ahead\s+of|due\s+(?:in|on|by))${MONTH_PART}`,
  "i",
);

/**
 * A past-tense verb, or what could be one ("-ed" words but "succeed", "need" and the like; common
 * irregular pasts). Only its absence is used (see `isSoonToCome`), so anything in doubt counts as
 * past and keeps the usual reading.
 */
const PAST_TENSE =
  /\b(?:was|were|had|did|said|told|gave|took|came|went|saw|made|began|fled|fell|rose|won(?!['’]t)|lost|left|met|held|sent|found|became|got|led|ran|struck|sank|spoke|wrote|brought|bought|sold|paid|kept|thought|knew|grew|drew|flew|threw|broke|chose|drove|woke|blew|shook|fought|caught|taught|sought|stood|sat|slept|felt|heard|spent|built|wore|swore|froze|stole|rode|forgot|withdrew|overcame|sprang|swam|rang|sang|hid|dealt|dug|tore|(?!(?:succeed|proceed|exceed|need|feed|bleed|speed|seed|breed|indeed|hundred|shed|bed|red)\b)\w+ed)\b/i;

/**
 * A relative clause told in the past between the cue and the weekday: "That will be little comfort
 * to the angry Louisianans who lined up Tuesday at a town hall meeting".
 */
const PAST_RELATIVE_CLAUSE = new RegExp(String.raw`\b(?:who|which)\s+(?:\w+ly\s+)?${PAST_TENSE.source}`, "i");

/** The year of the nearer `month` to the reference, the coming one when both are as near: for a month named as a deadline. */
function yearForNearest(month: number, ref: CivilDate): number {
  return monthsAhead(month, ref) <= 6 ? comingYear(month, ref) : month <= ref.m ? ref.y : ref.y - 1;
}

/** A month across the turn of the year is the coming one this close at most ("in January", in November; not "April", in December). */
const MAX_MONTHS_AHEAD_ACROSS_A_YEAR = 2;

/** Where the clause holding a phrase begins: after a comma, a quotation mark, "but", "and", "that"… */
function clauseStart(before: string): number {
  let start = 0;
  for (const m of before.matchAll(/[,;:“(]|(?<=\s)"|\b(?:but|and|that|while|when|as|if)\b/gi))
    start = m.index + m[0].length;
  // A headline or a sentence run in without its full stop ends there too.
  for (const runOn of runOnStarts(before)) start = Math.max(start, runOn);
  return start;
}

/**
 * A time phrase set at the head of its clause ("In November, the company reported …", "By late June,
 * …", "At 5 am on 16th November, a friend woke me").
 */
const FRONTED =
  /^\W*(?:(?:in|on|by|from|until|during|between|early|mid|late|the|end|start|beginning|middle|of|first|last|week|weeks|also|come|as|soon|dawn|at|around|about|shortly|just|noon|midnight|morning|afternoon|evening|night|\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\b\.?)?)\b[\s-]*)*$/i;

/**
 * PAST_TENSE, but not a participle after "be" or "have" ("is not stopped in August", "isn't stopped
 * before the relief wells are completed in August", "have booked a holiday … in August"), nor after
 * "as" ("plug its well in August as planned").
 */
const FINITE_PAST = new RegExp(
  String.raw`(?<!\b(?:be|been|being|is|are|isn['’]t|aren['’]t|have|has|as)\s+(?:(?:\w+ly|not|also|still|only|already)\s+)?)${PAST_TENSE.source}`,
  "i",
);

const FINITE_PASTS = new RegExp(FINITE_PAST.source, "gi");

/**
 * Whether `text` holds a past verb (FINITE_PAST), not counting a capitalised "-ed" word before a
 * name, a title's adjective ("Retired Coast Guard Adm. Thad Allen", "Embattled BP chief …"), nor
 * a hyphenated compound's ("slimmed-down").
 */
export function tellsThePast(text: string): boolean {
  for (const m of text.matchAll(FINITE_PASTS)) {
    const titleAdjective = /^[A-Z]\w+ed$/.test(m[0]) && /^\s+[A-Z]/.test(text.slice(m.index + m[0].length));
    // "a slimmed-down energy bill", "oil-soaked marshes": a compound's adjective.
    const compound = text[m.index - 1] === "-" || text[m.index + m[0].length] === "-";
    if (!titleAdjective && !compound) return true;
  }
  return false;
}

/** PLANNED_IN_THE_PAST, tested once in a clause. */
const PLANS_A_CLAUSE = new RegExp(PLANNED_IN_THE_PAST.source, "i");

/**
 * A month named without its year, at most six months after the reference's (two across the turn of
 * a year), that the sentence does not tell as done: this year's ("BP says the target date for the
 * relief wells remains early to mid-August", in a June report; "relief wells now being drilled
 * become ready in August", beside "said"; "the panel's final report, to be released in January", in
 * December). Told as done, it keeps the usual reading: a past verb in its clause ("One Halliburton
 * executive gave a presentation in November"; "In November, the company reported a loss"; "the
 * explosion in April killed 11 workers", in January), "since" or "after" before it, or "last year"
 * in the sentence. A plan told in the past tense looks ahead ("was only supposed to take effect in
 * August"). Further ahead it is the one just gone ("December's figures show a fall", in January).
 * Read in eight Timeline17 folders, session 46: of 58 readings this changed, 56 were wrong and are right.
 * A day and month soon to come are read alike ("BP reports its results on 27 July", in June; "the
 * new ban, in effect until Nov. 30", in July), but not a chronology's entry: session 47, of 32 day
 * readings this changed in the tune folders, 27 were wrong and are right, none the other way (three
 * of 9/11 and two in reader comments wrong both ways).
 */
function isSoonToCome(month: number, ref: CivilDate, before: string, after: string): boolean {
  const ahead = monthsAhead(month, ref);
  if (ahead === 0 || ahead > MAX_MONTHS_AHEAD) return false;
  if (month < ref.m && ahead > MAX_MONTHS_AHEAD_ACROSS_A_YEAR) return false;
  if (/\blast\s+year\b/i.test(before + after) || /\b(?:since|after)\s+(?:(?:early|mid|late)[\s-]+)?$/i.test(before))
    return false;
  const clause = before.slice(clauseStart(before));
  // "since November"; "the well should have been sealed in August" is no plan but what did not happen.
  if (/\bsince\b|\b(?:should|would|could|might|must)\s+have\b/i.test(clause)) return false;
  if (PLANS_A_CLAUSE.test(clause) || FUTURE_CUE.test(clause) || SCHEDULED_BY_ITS_MONTH.test(after)) return true;
  return !toldAsDone(clause, after);
}

/**
 * A scheduled event named by its month ("candidates were being chosen for the June European
 * elections", in April): the coming one, whatever the tense of the clause. `after` starts with the month.
 */
const SCHEDULED_BY_ITS_MONTH = /^\S+\s+(?:[A-Z][\w-]*\s+)?(?:elections?|polls|vote|referendum|summit|deadline)\b/;

/**
 * Whether the clause holding a date (`clause`: its part before the date) tells it as done: a past
 * verb in it. After a fronted phrase the clause runs to its end, but not into a quotation's tag
 * (", Dr Hay warned").
 */
function toldAsDone(clause: string, after: string): boolean {
  const rest = FRONTED.test(clause)
    ? (after.split(/[.;”]|"(?!\w)/)[0] ?? "")
    : (after.split(/[,.;]|\b(?:and|but)\b/)[0] ?? "");
  return tellsThePast(clause) || tellsThePast(rest);
}

/**
 * "By the end of May", "by early April" at the head of a clause told as done is a point looked back
 * on, not a deadline ahead. Only at the head: after "promised legislation by August" or "expected
 * 750 skimmers in action by August" the past verb is the promise's, and the deadline is ahead.
 */
const BY_BEFORE = new RegExp(String.raw`\bby${MONTH_PART}`, "i");

/**
 * Day and month without a year: the most recent such day, except that a later day of the reference month, or a day
 * less than a month ahead, stays ahead. Writers add the year to anything a year old, so "on June 30" or "until 6 May"
 * near the reference are this year's. A stated weekday ("Wednesday May 6") picks the year it fits.
 */
export function dateForMonthDay(
  month: number,
  day: number,
  ref: CivilDate,
  future: boolean,
  weekday: number | null = null,
): CivilDate | null {
  const thisYear = civil(ref.y, month, day);
  let choice: CivilDate | null;
  if (month === ref.m) {
    choice = thisYear;
  } else if (future && withinReachAhead(month, ref)) {
    choice = month < ref.m ? civil(ref.y + 1, month, day) : thisYear;
  } else if (month < ref.m) {
    choice = thisYear;
  } else {
    const ahead = thisYear ? dayNumber(thisYear) - dayNumber(ref) : Number.POSITIVE_INFINITY;
    choice = ahead <= MAX_DAYS_AHEAD ? thisYear : civil(ref.y - 1, month, day);
  }
  if (weekday === null || (choice && weekdayOf(choice) === weekday)) return choice;
  for (const y of [ref.y, ref.y - 1, ref.y + 1]) {
    const candidate = civil(y, month, day);
    if (candidate && weekdayOf(candidate) === weekday) return candidate;
  }
  return choice;
}

const MAX_DAYS_AHEAD = 31;

export type WeekdayModifier = "bare" | Which;

/**
 * Bare weekdays look back, and the reference's own weekday means the report's day ("on Wednesday" in a Wednesday
 * report is today). "last Tuesday" is strictly before the report; "next Tuesday" strictly after.
 */
export function dateForWeekday(
  weekday: Weekday,
  ref: CivilDate,
  modifier: WeekdayModifier,
  future: boolean,
): CivilDate {
  const refWeekday = weekdayOf(ref);
  const back = (refWeekday - weekday + 7) % 7;
  const ahead = (weekday - refWeekday + 7) % 7;
  switch (modifier) {
    case "last":
      return addDays(ref, -(back === 0 ? 7 : back));
    case "next":
      return addDays(ref, ahead === 0 ? 7 : ahead);
    default:
      return future ? addDays(ref, ahead) : addDays(ref, -back);
  }
}

/** A holiday's day in year `y`. */
function holidayIn(name: Holiday, y: number): CivilDate {
  switch (name) {
    case "christmasEve":
      return { y, m: 12, d: 24 };
    case "christmas":
      return { y, m: 12, d: 25 };
    case "boxingDay":
      return { y, m: 12, d: 26 };
    case "newYearsEve":
      return { y, m: 12, d: 31 };
    case "newYearsDay":
      return { y, m: 1, d: 1 };
    case "memorialDay":
      return nthWeekdayOfMonth(y, 5, 1, -1);
    case "laborDay":
      return nthWeekdayOfMonth(y, 9, 1, 1);
    case "thanksgiving":
      return nthWeekdayOfMonth(y, 11, 4, 4);
  }
}

/**
 * A holiday named without its year: the nearer one, a day gone counting half as far as a day to
 * come since news tells more of what was ("a deadline of New Year's Day", in November, is the coming
 * one; "the attempted Christmas Day airline bombing", in May, the one gone), or the coming one
 * within MAX_MONTHS_AHEAD when the sentence looks ahead. `mostRecent`: the one on or before `ref`
 * (a reader's question).
 */
export function dateForHoliday(name: Holiday, ref: CivilDate, future: boolean, mostRecent = false): CivilDate {
  const today = dayNumber(ref);
  const days = [ref.y - 1, ref.y, ref.y + 1].map((y) => holidayIn(name, y));
  const past = days.filter((c) => dayNumber(c) <= today).at(-1) ?? holidayIn(name, ref.y - 1);
  const next = days.find((c) => dayNumber(c) > today);
  if (!next || mostRecent) return past;
  const ahead = dayNumber(next) - today;
  return 2 * ahead < today - dayNumber(past) || (future && ahead <= MAX_MONTHS_AHEAD * 31) ? next : past;
}

/**
 * A day inside "the first week of May" (the 4th) or "the last week of April" (three days before its
 * end): the ISO week holding the middle of the month's nth seven days.
 */
function dayInWeekOfMonth(y: number, { month, nth }: { month: number; nth: WeekOfMonth }): CivilDate {
  if (nth > 0) return { y, m: month, d: 7 * (nth - 1) + 4 };
  return { y, m: month, d: daysInMonth(y, month) - 3 };
}

export type CountUnit = "day" | "week" | "month";

/** `n` days, weeks or months from `day` ("two days later", "a month earlier"): that day, its ISO week or its month. */
export function countedFrom(day: CivilDate, unit: CountUnit, n: number, relative: boolean): Resolution | null {
  switch (unit) {
    case "day":
      return dayRes(addDays(day, n), relative);
    case "week":
      return weekRes(addDays(day, 7 * n), relative);
    case "month": {
      const { y, m } = addMonths(day.y, day.m, n);
      return monthRes(y, m, relative);
    }
  }
}

/** "Wednesday of last week", "Friday next week": that weekday inside the named ISO week. */
export function dateForWeekdayInWeek(weekday: Weekday, ref: CivilDate, shift: number): CivilDate {
  return addDays(mondayOf(ref), 7 * shift + ((weekday + 6) % 7));
}

/**
 * Weekends resolve to their Saturday with day precision: a timeline needs a day to sort on, and the Saturday keeps
 * weekend events after that week's weekdays (an ISO week would sort them onto its Monday). The day after is lost.
 */
export function saturdayForWeekend(which: Which | "recent", ref: CivilDate, ahead = false): CivilDate {
  const refWeekday = weekdayOf(ref);
  const recent = addDays(ref, -((refWeekday - 6 + 7) % 7));
  const inWeekend = refWeekday === 6 || refWeekday === 0;
  // "Cameron and Obama will discuss the spill at the weekend", "was to enter the Gulf by the weekend".
  // On a Saturday or Sunday the weekend ahead is the one under way.
  if (ahead && (which === "recent" || which === "this")) return inWeekend ? recent : addDays(ref, 6 - refWeekday);
  switch (which) {
    case "recent":
      return recent;
    case "last":
      return inWeekend ? addDays(recent, -7) : recent;
    case "next":
      return addDays(ref, (6 - refWeekday + 7) % 7 || 7);
    case "this":
      // Thursday and Friday reports mostly mean the weekend ahead; earlier in the week, the one just gone.
      return refWeekday === 4 || refWeekday === 5 ? addDays(recent, 7) : recent;
  }
}

// Seasons are reported as the month they start in (meteorological seasons, northern hemisphere), with month
// precision. A year-precision "2014" for "the summer of 2014" would sort it before January's events and lose the
// season entirely; "2014-06" sorts and displays well and only overclaims within the season. A winter named by one
// year ("winter of 2014") straddles two years with no agreed reading, so it keeps year precision.
export const SEASON_START: Readonly<Record<Season, number>> = { spring: 3, summer: 6, autumn: 9, winter: 12 };

function seasonStartContaining(ref: CivilDate): number {
  const index = ref.y * 12 + (ref.m - 1);
  const startMonth = ref.m >= 12 || ref.m <= 2 ? 12 : ref.m >= 9 ? 9 : ref.m >= 6 ? 6 : 3;
  const startYear = ref.m <= 2 ? ref.y - 1 : ref.y;
  const start = startYear * 12 + (startMonth - 1);
  return index >= start ? start : start - 12;
}

function resolveSeason(season: Season, which: Which, ref: CivilDate, future: boolean): Resolution | null {
  const refIndex = ref.y * 12 + (ref.m - 1);
  const startMonth = SEASON_START[season];
  // Most recent start of this season on or before the reference month, and the next one after it.
  let past = ref.y * 12 + (startMonth - 1);
  if (past > refIndex) past -= 12;
  const next = past + 12;
  const isCurrent = seasonStartContaining(ref) === past;
  let index: number;
  switch (which) {
    case "last":
      index = isCurrent ? past - 12 : past;
      break;
    case "next":
      index = next;
      break;
    case "this":
      // Out of season, the nearer one, unless the sentence looks ahead: "the flu destined to hit us
      // this winter", written in May, is the coming winter, not the one that ended in February.
      index = isCurrent || (!future && refIndex - past <= next - refIndex) ? past : next;
      break;
  }
  return monthRes(Math.floor(index / 12), (index % 12) + 1, true);
}

/**
 * The ISO week "last week" or "this week" names, counted from `ref`, as the report's day tells it.
 * On a Sunday the week just ended (Monday to Saturday, the ISO week the Sunday closes) is "last
 * week" to its writer, and "this week" told ahead is the coming one, as a Sunday paper's week starts
 * that day. On a Monday, "this week" told as done (`toldDone`, see `weekToldDone`) is the week that
 * ended the day before: a Monday paper is written over the weekend. Read in the tune folders
 * (session 47): of a Sunday's "last week" readings whose event is known, about 20 meant the days
 * just gone and 9 the week before them; a Sunday's "this week" ahead ("Obama will press BP
 * executives this week", 13 June 2010) was the coming week every time, and told as done ("Jindal
 * said this week") the days just gone; a Monday's "this week" told as done, 6 of 6.
 */
function weekShiftOnTheDay(shift: number, ref: CivilDate, future: boolean, toldDone = false): number {
  switch (weekdayOf(ref)) {
    case 0:
      if (shift === -1) return 0;
      return shift === 0 && future ? 1 : shift;
    case 1:
      return shift === 0 && toldDone ? -1 : shift;
    default:
      return shift;
  }
}

/**
 * Whether "this week" (`text`, with the sentence `before` and `after` it) is told as done: a past
 * verb in its clause ("became a viral story this week", "It was found this week", "This week
 * Charlie enjoyed some daylight"), or "earlier this week". Not "later this week", nor with a cue
 * ahead anywhere after it ("This week retired coastguard Admiral Thad Allen … is expected to explain").
 */
function weekToldDone(text: string, before: string, after: string): boolean {
  if (/\bearlier\b/i.test(text)) return true;
  if (/\blater\b/i.test(text) || FUTURE_CUE.test(after)) return false;
  return tellsThePast(before.slice(clauseStart(before))) || tellsThePast(clauseAfter(after));
}

/** The clause after a phrase, up to a comma or "that": "this week *David Cameron will travel*". */
function clauseAfter(after: string): string {
  const end = after.search(/[,;:]|\bthat\b/);
  return end === -1 ? after : after.slice(0, end);
}

/**
 * `future`: the sentence looks ahead before the phrase (looksFuture), or a week's own clause does;
 * `toldDone`: a week told as done (`weekToldDone`).
 */
export function resolveExpr(expr: Expr, ref: CivilDate | null, future = false, toldDone = false): Resolution | null {
  switch (expr.k) {
    case "year":
      if (expr.edge === "end") return monthRes(expr.y, 12, false);
      if (expr.edge === "start") return monthRes(expr.y, 1, false);
      return yearRes(expr.y, false);
    case "season":
      if (expr.y !== null) {
        if (expr.season !== "winter") return monthRes(expr.y, SEASON_START[expr.season], false);
        return expr.y2 !== null ? monthRes(expr.y, 12, false) : yearRes(expr.y, false);
      }
      if (!ref || expr.which === null) return null;
      return resolveSeason(expr.season, expr.which, ref, future);
    case "holiday":
      if (expr.y !== null) return dayRes(holidayIn(expr.name, expr.y), false);
      break;
    case "weekOfMonth":
      return expr.y === null ? null : weekRes(dayInWeekOfMonth(expr.y, expr), false);
    default:
      break;
  }
  if (!ref) return null;
  switch (expr.k) {
    case "period": {
      if (expr.unit === "week")
        return weekRes(addDays(ref, 7 * weekShiftOnTheDay(expr.shift, ref, future, toldDone)), true);
      if (expr.unit === "month") {
        const { y, m } = addMonths(ref.y, ref.m, expr.shift);
        return monthRes(y, m, true);
      }
      const y = ref.y + expr.shift;
      // "by the end of last year" is its December; "the start of this year" its January.
      if (expr.edge === "end") return monthRes(y, 12, true);
      if (expr.edge === "start") return monthRes(y, 1, true);
      return yearRes(y, true);
    }
    case "weekend":
      return dayRes(saturdayForWeekend(expr.which, ref, future), true);
    case "namedMonth": {
      if (expr.which === "this") return monthRes(ref.y, expr.month, true);
      if (expr.which === "last") return monthRes(expr.month < ref.m ? ref.y : ref.y - 1, expr.month, true);
      return monthRes(expr.month > ref.m ? ref.y : ref.y + 1, expr.month, true);
    }
    case "monthOfYear":
      if (expr.day !== null) return dayRes(civil(ref.y + expr.shift, expr.month, expr.day), true);
      return monthRes(ref.y + expr.shift, expr.month, true);
    case "holiday":
      return dayRes(dateForHoliday(expr.name, ref, future), true);
    case "ago": {
      switch (expr.unit) {
        case "day":
          return dayRes(addDays(ref, -expr.n), true);
        case "week":
          return weekRes(addDays(ref, -7 * expr.n), true);
        case "month": {
          const { y, m } = addMonths(ref.y, ref.m, -expr.n);
          return monthRes(y, m, true);
        }
        case "year":
          return yearRes(ref.y - expr.n, true);
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// chrono's own results: precision comes from which components the text stated (isCertain), never implied ones.

const CASUAL_YESTERDAY = /\b(?:yesterday|last\s*night)\b/i;
const CASUAL_TOMORROW = /\b(?:tomorrow|tmrw?|tmr)\b/i;
const CASUAL_TODAY = /\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b/i;

/**
 * "Today" that names no day: a show or a paper ("told NBC's Today show", "BBC Radio 4's Today
 * programme", "a full-page ad in USA Today") or
 * the present as against the past ("$3.6 billion in today's dollars", "relevant in today's world").
 */
function isNotToday(text: string, before: string, after: string): boolean {
  if (
    /^Today$/.test(text) &&
    (/['’]s\s+(?:World\s+)?$|\bUSA\s+$/.test(before) || /^\s*(?:show|program(?:me)?)\b/i.test(after))
  )
    return true;
  return /^today$/i.test(text) && /^['’]s\s+(?:dollars|money|terms|prices|standards|world)\b/i.test(after);
}

const SHORT_MONTH = new RegExp(`^(?:${MONTH_SHORT_PATTERN})$`, "i");
const MONTH_WORD =
  /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;
const WEEKDAY_WORD = new RegExp(`\\b(${WEEKDAY_NAMES.join("|")})\\b`, "i");

// "May" and "March" are also a verb and a noun; as a bare month they need a word that introduces a time.
const MONTH_INTRO =
  /\b(?:in|since|until|till|by|from|through|during|of|early|mid|late|last|this|next|between|and|or|to|before|after|on|around|end|start|beginning|middle)[\s-]*$/i;

// Named days that are not "the most recent such weekday", and weekday names that are part of a title.
// Lower case leaves only the introducing word to go on, so "to march" / "and may" are not enough.
const LOWER_CASE_MONTH_INTRO = /\b(?:in|since|until|till|during|early|mid|late|last|this|next|before|after)[\s-]*$/i;

const WEEKDAY_BEFORE_BLOCK =
  /\b(?:good|black|bloody|super|ash|easter|palm|holy|cyber|maundy|shrove|giving|whit|low|mothering|every|each|weekly|usual|regular|traditional)\s*$/i;
/**
 * Any such day, not one: "It was a Wednesday, and …", "tips on a Saturday night.", "from a Saturday
 * to a Monday". Not a day's event named with its article ("a Monday bank holiday", "a Sunday morning
 * briefing", "a Wednesday rally").
 */
const ANY_SUCH_DAY_BEFORE = /\b(?:a|an)\s+$/i;
const ANY_SUCH_DAY_AFTER =
  /^(?:\s+(?:morning|afternoon|evening|night))?\s*(?:[.,;:!?)]|$|\s+(?:to|and|or|in|at|when|with|for|of)\b)/i;
/** A habit, not a day: "normally reported on the last Tuesday of the month". */
const NTH_OF_ANY_MONTH_BEFORE = /\bthe\s+(?:first|second|third|fourth|last|final)\s+$/i;
const NTH_OF_ANY_MONTH_AFTER = /^\s+(?:of|in)\s+(?:the|each|every|a)\s+month\b/i;
/** A weekday named as a deadline: "until Tuesday", "till Friday", "light winds through Saturday". */
const UNTIL_BEFORE = /\b(?:until|till|through)\s+(?:(?:early|late)\s+)?$/i;
/** A past tense denied: "I didn't hear about it until Friday night". */
const PAST_NEGATIVE = /\b(?:did|was|were|had|could)n['’]?t\b|\b(?:did|was|were|had)\s+not\b/i;
/** A verb that puts something off to a day: "delayed it until Tuesday". */
const PUT_OFF = /\b(?:delayed|postponed|adjourned|extended|pushed\s+back|put\s+off)\b/i;
/** A day something is put off to: "have postponed Sunday's shows in Monterrey, Mexico to July 31". */
const PUT_OFF_TO = new RegExp(String.raw`${PUT_OFF.source}[^.;]{0,80}?\b(?:to|until|till)\s+$`, "i");
/**
 * A weekday that is part of a title ("the Sunday Times", "Saturday Night Live", "Friday prayer
 * leader"). "after Friday prayers" and "at Sunday services" are that week's day, as protests and
 * sermons are reported; "the weekly Friday prayers" is a habit (WEEKDAY_BEFORE_BLOCK).
 */
const WEEKDAY_AFTER_BLOCK =
  /^\s*(?:(?:[A-Z][a-z]+\s+){1,2}(?=(?:Times|Post|Telegraph|Herald|Tribune|Mail)\b))?(?:Times|Telegraph|Mirror|Express|Herald|Post|People|Sport|Night\s+Live|Mail|Star|Independent|Observer|Tribune|Business|Politics|Show|prayer\s+(?:leaders?|imams?)|school|papers?|editions?|talk\s+shows?|shows?|[Mm]orning\s+[Qq]uarterback\w*)\b/;

// In lower case: "May" is the month.
const MODAL = String.raw`\b(?:could|might|may|would|will|should|can)\b`;
const MODAL_RIGHT_AFTER = new RegExp(String.raw`^(?:\s+(?:night|morning|afternoon|evening))?\s+${MODAL}\s+(?!not\b)\w`);
const MODAL_NOT_DENIED = new RegExp(String.raw`${MODAL}(?!\s+(?:not|never|have)\b|n['’]t)`);

/** What puts a weekday after a modal: "by Wednesday", "on Friday", "as early as Friday evening". */
const BY_OR_ON = /\b(?:by|on|as\s+(?:early|late|soon)\s+as)\s+(?:(?:early|late)\s+)?$/i;
/** A modal denied, then "until": "a decision may not be made until after … has met … on Wednesday". */
const DENIED_UNTIL = /(?:\b(?:will|may|might|can)\s+not\b|\b(?:won|can)['’]t\b)(?=.*\buntil\b)/i;

/**
 * A weekday after its clause's modal: "officials warning it could reach Pensacola Beach by
 * Wednesday", "changing winds could drive the oil slick ashore on Friday", "could touch shore … as
 * early as Friday evening", "crews could resume work Thursday morning". Not "could not" (but "may
 * not be made until after … on Wednesday"), nor "could have".
 */
function byWithAModal(preceding: string): boolean {
  // "could return home later on Tuesday": the writer's own day.
  if (/\blater\s+(?:on\s+)?$/i.test(preceding)) return false;
  const by = BY_OR_ON.exec(preceding);
  // Without a preposition ("crews could resume work Thursday morning"), not the day of a telling.
  if (!by && (TOLD_ON.test(preceding) || DONE_ON.test(preceding))) return false;
  const head = by ? preceding.slice(0, by.index) : preceding;
  let start = clauseStart(head);
  // "could arrive on Wednesday and be usable by Thursday": a bare "be" shares the clause's modal.
  const joined = /\b(?:and|or)$/i.exec(head.slice(0, start));
  if (joined && /^\s+(?:then\s+)?be\b/i.test(head.slice(start))) start = clauseStart(head.slice(0, joined.index));
  const clause = head.slice(start);
  const modal = MODAL_NOT_DENIED.exec(clause) ?? DENIED_UNTIL.exec(clause);
  return modal !== null && !tellsThePast(clause.slice(modal.index));
}

/**
 * A modal near before a season that nothing after it tells as done: "people could be susceptible if
 * there was an epidemic of ordinary flu this winter", "would put Britain at risk of a second wave
 * … this winter", written in May: the coming winter.
 */
function modalLooksAhead(before: string): boolean {
  const window = before.slice(-CUE_REACH);
  const modal = MODAL_NOT_DENIED.exec(window);
  // What follows "if" is the condition ("if there was an epidemic"), not a telling.
  return modal !== null && !tellsThePast(window.slice(modal.index).split(/\bif\b/i)[0] ?? "");
}

/**
 * A weekday right before a modal, the clause's verb: "strong winds over Sunday could push the oil
 * into inlets", "The beach concert on Sunday will also feature …". Not a day something is reckoned
 * from or for ("the workers missing since the blast … Tuesday night would be rescued", "the total
 * for Monday would be"), nor in a clause told as done.
 */
function subjectOfAModal(preceding: string, following: string): boolean {
  if (!MODAL_RIGHT_AFTER.test(following)) return false;
  const clause = preceding.slice(clauseStart(preceding));
  return !/\b(?:since|for|of)\b/i.test(clause.slice(-30)) && !/\bsince\b/i.test(clause) && !tellsThePast(clause);
}

/**
 * Whether a bare weekday ("on Friday", "Thursday morning") is the coming one rather than the one
 * gone: `before` is the text before the date's phrase, `preceding` before the weekday itself,
 * `following` after it. A plan that slipped is the nearer day; a second clause told as done the one
 * gone; otherwise any cue that the sentence looks ahead to it.
 */
function bareWeekdayAhead(
  weekday: number,
  ref: CivilDate,
  before: string,
  preceding: string,
  following: string,
): boolean {
  // "usable by Thursday or Friday": the second day is read where the first stands.
  const heading = preceding.replace(COORDINATED_DAY, "");
  if (planThatSlipped(heading, following) && !nearerIsAhead(weekday, ref)) return false;
  if (frontedAndDone(heading, following)) return false;
  return (
    weekdayLooksAhead(heading) ||
    isTheDayOfAnEvent(before, preceding, following) ||
    frontedAndAhead(heading, following) ||
    deadlineAhead(heading, weekday, ref) ||
    subjectOfAModal(heading, following) ||
    byWithAModal(heading)
  );
}

/**
 * A plan that slipped, told as done: "The crucial testing phase was due to begin on Tuesday, but
 * anxious politicians asked experts to review …", "The tests were due on Monday but were delayed by a
 * leak". Its day is the nearer one, not the coming one: the news is that it passed. A plan called off
 * before its day stays ahead ("was due on Monday, but has now been canceled").
 */
function planThatSlipped(heading: string, following: string): boolean {
  if (!/\b(?:was|were)\s+due\b/i.test(heading.slice(-CUE_REACH))) return false;
  const but = /^[^.;]*?\bbut\b([^.;]*)/i.exec(following);
  return but !== null && tellsThePast(but[1] ?? "");
}

/** A weekday and its conjunction before another: "by Thursday or ", "late Thursday or early ", "from Monday to ". */
const COORDINATED_DAY = new RegExp(
  String.raw`(?:\b(?:early|late)\s+)?\b(?:${WEEKDAY_NAMES.join("|")})(?:\s+(?:morning|afternoon|evening|night))?,?\s+(?:or|and|to|through|into)\s+(?:(?:early|late)\s+)?$`,
  "i",
);

/** "a report published on Monday shows …", "readings posted Friday show …": the verb, not a talk show. */
function showsAsAVerb(preceding: string, following: string): boolean {
  return /^\s*shows?\b/i.test(following) && /\b\w+ed\s+(?:on\s+)?$/i.test(preceding);
}

/**
 * Whether a weekday named as a deadline ("delayed it until Tuesday", "have until Wednesday to file")
 * is the coming one: a deadline is the nearer such day (the coming one when both are as near),
 * unless its clause tells of the past ("I didn't hear about the flu until Friday night").
 */
function deadlineAhead(preceding: string, weekday: number, ref: CivilDate): boolean {
  if (!UNTIL_BEFORE.test(preceding)) return false;
  const clause = preceding.slice(clauseStart(preceding));
  const toldAsPast = tellsThePast(clause) || PAST_NEGATIVE.test(clause);
  // "High seas were in the forecast through Sunday": a forecast's deadline, told in the past, is still ahead.
  const forecast = /\b(?:forecast|predict)/i.test(clause);
  return (!toldAsPast || PUT_OFF.test(clause) || forecast) && nearerIsAhead(weekday, ref);
}

/** Whether the nearer `weekday` to `ref` is the coming one (the coming one when both are as near). */
function nearerIsAhead(weekday: number, ref: CivilDate): boolean {
  const ahead = (weekday - weekdayOf(ref) + 7) % 7;
  return ahead <= 7 - ahead;
}

/**
 * "September 11" as the name of the 2001 attacks: "the Sept. 11 attacks", "a Sept. 11-style attack",
 * "the September 11 fund", "the attacks of Sept. 11". News names no other day so; read as the day of
 * the attacks, not the latest 11 September (a 2010 report's "victims of the Sept. 11 attacks" were
 * evidence for 2009-09-11, or 2010-09-11 ahead).
 */
const ATTACKS_NOUN = String.raw`(?:style|attacks?|terror\w*|victims?|funds?|hijack\w*|commission|families|survivors?|memorial|era)\b`;
/** A name a noun after it completes ("the Sept. 11 attacks"), alone or with another ("the Sept. 11 and Virginia Tech funds"). */
const ATTACKS_NAMED = new RegExp(String.raw`^(?:th)?\s*[-–]?\s*${ATTACKS_NOUN}`, "i");
const ATTACKS_NAMED_WITH = new RegExp(String.raw`^\s+and\s+(?:[A-Z][\w.]*\s+){1,3}${ATTACKS_NOUN}`);

function namesTheAttacks(month: number, day: number, before: string, after: string): boolean {
  if (month !== 9 || day !== 11) return false;
  // The sentence's subject: "September 11 was about the murder of 3,000 Americans", "… was like Pearl Harbor".
  if (/^\W*$/.test(before) && /^(?:th)?\s+(?:was|is|has|had|changed)\b/i.test(after)) return true;
  return (
    ATTACKS_NAMED.test(after) || ATTACKS_NAMED_WITH.test(after) || /\b(?:attacks?|events)\s+(?:of|on)\s+$/i.test(before)
  );
}

/** "June of that year", "in March that year", "in May the following year"; not "in June that had …", a relative clause. */
const ANAPHORIC_YEAR =
  /^\s*,?\s*(?:of\s+that\b|that\s+(?:\w+\s+)?year\b|(?:of\s+)?the\s+(?:same|following|previous|next|preceding)\b)/i;

/** "and" or "or" opening a date coordinated with the one read. */
const AND_ANOTHER_DATE = String.raw`^\s*(?:,\s*|\s+)(?:and|or)\s+(?:on\s+)?`;
const ORDINAL_DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?`;

/** A date coordinated with the one read: "15 October *and 9 November* that year" (the year is both's). */
const COORDINATED_DATE = new RegExp(
  String.raw`${AND_ANOTHER_DATE}(?:${ORDINAL_DAY}\s+(?:of\s+)?(?:${MONTH_PATTERN})\.?|(?:${MONTH_PATTERN})\.?(?:\s+${ORDINAL_DAY})?)\b`,
  "i",
);
/** … and one that writes the year for both: "March *and April 2008*", "March 5 *and April 7, 2008*". */
const SHARED_YEAR = new RegExp(
  String.raw`${AND_ANOTHER_DATE}(?:${ORDINAL_DAY}\s+(?:of\s+)?)?(${MONTH_PATTERN})\.?(?:\s+${ORDINAL_DAY})?,?\s+(\d{4})\b`,
  "i",
);

/** The year a coordinated date after this one writes for both ("December and January 2009": December 2008). */
function sharedYear(month: number, after: string): number | null {
  const shared = SHARED_YEAR.exec(after);
  if (!shared) return null;
  const year = Number(shared[2]);
  const other = monthOfWord(shared[1] ?? "");
  return other !== null && month > other ? year - 1 : year;
}

/** "Two years ago on the 23rd of April", "a year ago in June": the date in that year. */
function yearsAgoBefore(before: string): number | null {
  const match = /\b(\w+)\s+years?\s+ago,?\s+(?:on|in)\s+(?:the\s+)?$/i.exec(before);
  const n = match ? countOf(match[1] ?? "") : undefined;
  return n !== undefined && n > 0 && n < 100 ? n : null;
}

const NUMERIC_DATE = /\b\d{4}([-/.])\d{1,2}\1\d{1,2}\b|\b\d{1,2}[-/.]\d{4}\b/;

function monthWordAcceptable(
  text: string,
  certainDay: boolean,
  certainYear: boolean,
  before: string,
  question: boolean,
): boolean {
  const match = MONTH_WORD.exec(text);
  // Numeric forms only as written dates ("2017-06-27", "06/2014"); chrono also reads "2014 1/22" as one.
  if (!match) return NUMERIC_DATE.test(text);
  if (certainDay || certainYear) return true;
  const word = match[1] ?? "";
  const preceding = before + text.slice(0, match.index);
  // A month on its own must be written out in a report ("in Sept" is too often something else); a
  // question typed short says one after a word that introduces a time ("by the end of sept") ...
  if (monthNumber(word) === null) return question && SHORT_MONTH.test(word) && MONTH_INTRO.test(preceding);
  // ... and "May"/"March", or any month typed in lower case (questions often are), need a word that introduces a
  // time: otherwise "may" and "march" are the verb and the noun.
  if (!isCapitalised(word)) return LOWER_CASE_MONTH_INTRO.test(preceding);
  const lower = word.toLowerCase();
  if (lower === "may" || lower === "march") return MONTH_INTRO.test(preceding);
  // After a name, a month alone is a surname: "Justice Department spokeswoman Hannah August".
  return !(
    /\b[A-Z][a-z]+\s+$/.test(preceding) &&
    !MONTH_INTRO.test(preceding) &&
    !/\b(?:the|an?|its|his|her|their|our|my|your|every|each|that|which)\s+$/i.test(preceding)
  );
}

function shiftOfWord(word: string): number {
  const w = word.toLowerCase();
  return w === "last" || w === "past" ? -1 : w === "next" ? 1 : 0;
}

function weekdayModifier(text: string): WeekdayModifier {
  if (/\b(?:last|past)\b/i.test(text)) return "last";
  if (/\bnext\b/i.test(text)) return "next";
  if (/\bthis\b/i.test(text)) return "this";
  return "bare";
}

/** Slash dates: only with a year and only when day and month cannot be swapped ("1/22" is a photo counter). */
function slashDate(text: string, year: number): CivilDate | null {
  const match = /(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}/.exec(text);
  if (!match) return null;
  const a = Number(match[1]);
  const b = Number(match[2]);
  if (a <= 12 && b <= 12 && a !== b) return null;
  return a > 12 ? civil(year, b, a) : civil(year, a, b);
}

function certain(components: chrono.ParsedResult["start"], name: "year" | "month" | "day" | "weekday"): number | null {
  return components.isCertain(name) ? components.get(name) : null;
}

/**
 * The year of a month named without one, as `text` in a sentence of a report or a question: looking
 * ahead decides first; then a deadline takes the nearer month, and a sentence with no past-tense
 * verb a month soon to come; otherwise the most recent one.
 */
function yearOfMonthNamed(m: number, ref: CivilDate, text: string, context: ResolveContext): number {
  const { before } = context;
  const future = looksFuture(before) || (!context.question && frontedAndAhead(before, context.after));
  const reportReading = !future && !context.question;
  // "By the end of May, the company's best hopes … rested on …", in November: the May gone.
  const byClause = before.slice(clauseStart(before));
  const lookedBack =
    BY_BEFORE.test(before) && FRONTED.test(byClause) && toldAsDone(byClause, `${text}${context.after}`);
  const deadline = reportReading && DEADLINE_BEFORE.test(before) && !lookedBack;
  const soon = reportReading && isSoonToCome(m, ref, before, `${text}${context.after}`);
  // "has deals in place for up to 90m doses by December", in May: a deadline later this year, not told as done.
  const laterThisYear = deadline && m > ref.m && !toldAsDone(byClause, `${text}${context.after}`);
  if (laterThisYear) return ref.y;
  return deadline ? yearForNearest(m, ref) : soon ? comingYear(m, ref) : yearForMonth(m, ref, future);
}

/** "on the eve of July 4", "the eve of Tuesday's vote": the day before the one named. */
const EVE_OF = /\beve\s+of\s+$/i;
/** "the day before Thanksgiving in 2011", "the day after the April 20 explosion": the day beside the one named. */
const DAY_BESIDE = /\bthe\s+day\s+(before|after)\s+(?:the\s+)?$/i;

/**
 * "the week of May 17", "the week beginning 6 September", "the week ending April 26": the ISO week
 * holding the middle of the seven days the phrase names (a week ending on a Sunday is its own).
 */
const WEEK_NAMED_BY_A_DAY = /\bweek\s+(of|beginning|starting|commencing|ending)\s+$/i;

export function resolveChronoResult(result: chrono.ParsedResult, context: ResolveContext): Resolution | null {
  const resolution = resolveAsWritten(result, context);
  const day = resolution?.precision === "day" ? toCivil(resolution.day) : null;
  if (!resolution || !day) return resolution;
  if (EVE_OF.test(context.before)) return dayRes(addDays(day, -1), resolution.relative, resolution.deictic);
  const beside = DAY_BESIDE.exec(context.before);
  if (beside) return dayRes(addDays(day, beside[1]?.toLowerCase() === "before" ? -1 : 1), resolution.relative);
  const week = WEEK_NAMED_BY_A_DAY.exec(context.before)?.[1]?.toLowerCase();
  if (week === undefined) return resolution;
  return weekRes(addDays(day, week === "of" ? 0 : week === "ending" ? -3 : 3), resolution.relative);
}

function resolveAsWritten(result: chrono.ParsedResult, context: ResolveContext): Resolution | null {
  const { ref, before } = context;
  const tags = result.start.tags();
  const expr = exprOf(tags);
  if (expr) {
    if ((expr.k === "holiday" || expr.k === "weekOfMonth") && !context.question && !expr.capitalised) return null;
    // A month's week without its year takes the year the month alone would.
    if (expr.k === "weekOfMonth" && expr.y === null)
      return ref
        ? weekRes(dayInWeekOfMonth(yearOfMonthNamed(expr.month, ref, result.text, context), expr), true)
        : null;
    // A question asks about what was reported: the most recent holiday, whatever the tense.
    if (expr.k === "holiday" && context.question && expr.y === null && ref)
      return dayRes(dateForHoliday(expr.name, ref, false, true), true);
    if (expr.k === "weekend") return resolveExpr(expr, ref, weekendLooksAhead(before));
    const week = expr.k === "period" && expr.unit === "week";
    const future =
      looksFuture(before) ||
      (week && looksFuture(clauseAfter(context.after).slice(0, 40))) ||
      (expr.k === "season" && modalLooksAhead(before));
    const toldDone = week && !future && weekToldDone(result.text, before, context.after);
    return resolveExpr(expr, ref, future, toldDone);
  }

  const text = result.text;
  // "now" is never a date, and chrono's merges can hide it behind a weekday ("on Saturday now stands at 38%").
  if (tags.has("casualReference/now") || /\bnow\b/i.test(text)) return null;
  if (CASUAL_YESTERDAY.test(text)) return ref ? dayRes(addDays(ref, -1), true) : null;
  if (CASUAL_TOMORROW.test(text)) return ref ? dayRes(addDays(ref, 1), true, true) : null;
  if (CASUAL_TODAY.test(text)) return ref && !isNotToday(text, before, context.after) ? dayRes(ref, true, true) : null;
  if (tags.has("parser/ENCasualDateParser")) return null;

  const start = result.start;
  let y = certain(start, "year");
  const m = certain(start, "month");
  const d = certain(start, "day");
  const weekday = certain(start, "weekday");

  if (sourcesOf(tags).has("SlashDateFormatParser")) {
    return y === null ? null : dayRes(slashDate(text, y), false);
  }

  // In a range the year is often written once, at the end: "January to April 1919", "22 April - 15 May 2010".
  const endYear = result.end ? certain(result.end, "year") : null;
  const endMonth = result.end ? certain(result.end, "month") : null;
  if (y === null && m !== null && endYear !== null) y = endMonth !== null && m > endMonth ? endYear - 1 : endYear;

  if (m !== null) {
    if (!monthWordAcceptable(text, d !== null, y !== null, before, context.question === true)) return null;
    // chrono reads "In July, 57-year-old ..." as July 1957; a two-digit year needs its apostrophe ("Jan. 20, '09").
    if (y !== null && !/\d{4}|['’]\s?\d\d\b/.test(text) && endYear === null) return null;
    // Or after "and": "in March and April 2008", "between March 5 and April 7, 2008".
    y ??= sharedYear(m, context.after);
    // "June of that year", "in March the following year": the year is the narrative's, not the report's.
    if (y === null && ANAPHORIC_YEAR.test(context.after.replace(COORDINATED_DATE, ""))) return null;
    const yearsAgo = y === null && ref ? yearsAgoBefore(before) : null;
    if (yearsAgo !== null && ref) {
      return d !== null ? dayRes(civil(ref.y - yearsAgo, m, d), true) : monthRes(ref.y - yearsAgo, m, true);
    }
    if (d !== null) {
      if (y !== null) return dayRes(civil(y, m, d), false);
      if (namesTheAttacks(m, d, before, context.after)) return dayRes(civil(2001, 9, 11), false);
      if (!ref) return null;
      const ahead =
        (looksFuture(before) && !frontedAndDone(before, context.after)) ||
        PUT_OFF_TO.test(before) ||
        frontedAndAhead(before, context.after) ||
        (!context.question &&
          !isChronologyEntry(before, context.after) &&
          isSoonToCome(m, ref, before, `${text}${context.after}`));
      return dayRes(dateForMonthDay(m, d, ref, ahead, weekday), true);
    }
    if (y !== null) return monthRes(y, m, false);
    if (!ref) return null;
    return monthRes(yearOfMonthNamed(m, ref, text, context), m, true);
  }

  if (weekday !== null && d === null) {
    // Abbreviations alone ("Sun", "sat") are words far more often than days; full names are not.
    const match = WEEKDAY_WORD.exec(text);
    if (!match) return null;
    const preceding = before + text.slice(0, match.index);
    const following = text.slice(match.index + match[0].length) + context.after;
    if (
      WEEKDAY_BEFORE_BLOCK.test(preceding) ||
      (WEEKDAY_AFTER_BLOCK.test(following) && !showsAsAVerb(preceding, following))
    )
      return null;
    if (ANY_SUCH_DAY_BEFORE.test(preceding) && ANY_SUCH_DAY_AFTER.test(following)) return null;
    if (NTH_OF_ANY_MONTH_BEFORE.test(preceding) && NTH_OF_ANY_MONTH_AFTER.test(following)) return null;
    if (!ref) return null;
    const week = /\b(this|last|past|next)\s+week\b/i.exec(text);
    if (week) {
      const shift = weekShiftOnTheDay(shiftOfWord(week[1] ?? ""), ref, false);
      return dayRes(dateForWeekdayInWeek(weekday as Weekday, ref, shift), true);
    }
    const modifier = weekdayModifier(text);
    // "this Friday" is the Friday of the report's own week, whichever side of the report it falls.
    if (modifier === "this") return dayRes(dateForWeekdayInWeek(weekday as Weekday, ref, 0), true);
    const future = modifier === "bare" && bareWeekdayAhead(weekday, ref, before, preceding, following);
    return dayRes(dateForWeekday(weekday as Weekday, ref, modifier, future), true);
  }

  // A bare year from chrono's own parsers; anything else left (times of day alone) is not a date.
  if (y !== null && d === null) return yearRes(y, false);
  return null;
}

import { isAbbreviationStop, isUpper } from "../abbreviations.js";
import { runOnStarts } from "../run-on.js";
import type { Span } from "./types.js";

/**
 * Sentence splitting for scraped news. Works on offsets so callers can keep quoting the original
 * text verbatim. Survives titles and abbreviations ("Lt. Gen.", "U.S."), decimals ("1.5million"),
 * closing quotes after the full stop, and the missing space scraped text often has ("Mosul.The").
 */

const CLOSERS = "\"'”’)]»";
const OPENERS = "\"'“‘([«";
/** The agencies whose credit ends a wire dateline: "(Reuters) -", "(AP) --". */
const WIRE_AGENCIES = "Reuters|AP|AFP|CNN|BBC";
/**
 * A wire credit ("(AP) --", "(Reuters) -") continues its dateline, never starts a sentence:
 * "BOOTHVILLE, La. (AP) -- The reality …" is one sentence, whose dateline `afterDateline` cuts.
 */
const WIRE_CREDIT_AHEAD = new RegExp(String.raw`^\((?:${WIRE_AGENCIES})\)\s*[-–—]`);

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

/** Whitespace by char code: this runs on every character of the corpus, where a regex test is costly. */
export function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && isSpaceCode(ch.charCodeAt(0));
}

/** isSpace of a UTF-16 code unit. */
export function isSpaceCode(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 160 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x3000 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x1680
  );
}

export function trimSpan(text: string, start: number, end: number): Span | null {
  let s = start;
  let e = end;
  while (s < e && isSpace(text[s])) s++;
  while (e > s && isSpace(text[e - 1])) e--;
  return s < e ? { start: s, end: e } : null;
}

/**
 * The longest passage, in UTF-16 code units. Real sentences are far shorter; a report without
 * sentence breaks (one 2 MB line) would otherwise be one passage, and every question that matches it
 * would highlight and rank megabytes at a time.
 */
export const MAX_PASSAGE_LENGTH = 1_000;

/** Whether a cut at `i` would split a surrogate pair (half an emoji is not text). */
function splitsSurrogatePair(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  const after = text.charCodeAt(i);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/**
 * Cuts an over-long span into pieces of at most `max` code units: at the last whitespace in the
 * second half of each window, else (one giant word) at the window's end, moved back to a code point.
 */
function boundedSpans(text: string, span: Span, max: number, out: Span[]): void {
  let pos = span.start;
  while (span.end - pos > max) {
    let cut = pos + max;
    while (cut > pos + max / 2 && !isSpace(text[cut])) cut--;
    if (cut <= pos + max / 2) {
      cut = pos + max;
      if (splitsSurrogatePair(text, cut)) cut--;
    }
    const piece = trimSpan(text, pos, cut);
    if (piece) out.push(piece);
    pos = cut;
  }
  const last = trimSpan(text, pos, span.end);
  if (last) out.push(last);
}

/**
 * Splits `text.slice(start, end)` (one paragraph or line) into sentence spans, none longer than
 * `maxLength` (longer "sentences" are cut at whitespace, else at a code point).
 */
export function splitSentences(
  text: string,
  start = 0,
  end = text.length,
  maxLength = MAX_PASSAGE_LENGTH,
): Span[] {
  const spans: Span[] = [];
  // Each span pushed on its own: a line may hold more sentences than a call's arguments may number.
  for (const item of listItems(text, start, end))
    for (const span of sentencesBetween(text, item.start, item.end, maxLength)) spans.push(span);
  return spans;
}

/**
 * The first item of a list written on one line, without its bullet: a headline scraped with its
 * page's bullets ("cents US government challenged over claims oil has evaporated cents Tests show
 * oil is affecting phytoplankton …") is titled "US government challenged over claims oil has
 * evaporated". The whole of `text.slice(start, end)`, trimmed, when it holds no bullet.
 */
export function firstListItem(text: string, start: number, end: number): string {
  let last: Span = { start, end };
  for (const item of listItems(text, start, end)) {
    const trimmed = trimSpan(text, item.start, item.end);
    if (trimmed) return text.slice(trimmed.start, trimmed.end);
    last = item;
  }
  return text.slice(last.start, last.end).trim();
}

/**
 * The items of `text.slice(start, end)` between its list bullets (`BULLET`), each without its
 * bullet; the whole span, once, when it holds none. `BULLET` is shared: a caller reads no other
 * text's bullets between two items.
 */
function* listItems(text: string, start: number, end: number): Generator<Span> {
  let from = start;
  if (mayHoldBullet(text, start, end)) {
    BULLET.lastIndex = start;
    for (let match = BULLET.exec(text); match && match.index < end; match = BULLET.exec(text)) {
      yield { start: from, end: match.index };
      from = match.index + match[0].length;
    }
  }
  yield { start: from, end };
}

/**
 * A list bullet inside a line: "•"; "\\*", a wire story's summary points as scraped ("\\* 23-month-old
 * child dies in Texas of swine flu \\* Death is first outside Mexico …"); or "cents", which is what
 * the Guardian's "•" became in scraping ("City slashes another # 5bn off BP's value cents Cost of rescue efforts … cents Drilling
 * begins …"), before a capital and not after a figure ("5 cents"). Each item is a sentence of its
 * own, without its bullet.
 */
const BULLET = /(?<![\d$£#] ?)(?:\bcents|[•▪●]|(?<!\S)\\\*) +(?=[\p{Lu}\d"“‘'])/gu;

function mayHoldBullet(text: string, start: number, end: number): boolean {
  const slice = text.slice(start, end);
  return (
    slice.includes("cents ") ||
    slice.includes("•") ||
    slice.includes("▪") ||
    slice.includes("●") ||
    slice.includes("\\* ")
  );
}

function sentencesBetween(text: string, start: number, end: number, maxLength: number): Span[] {
  const spans: Span[] = [];
  const push = (span: Span | null): void => {
    if (!span) return;
    if (span.end - span.start <= maxLength) spans.push(span);
    else boundedSpans(text, span, maxLength, spans);
  };
  let sentenceStart = start;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch !== "." && ch !== "!" && ch !== "?" && ch !== "…") continue;
    // Swallow runs of terminal punctuation and closing quotes/brackets: `soon.”` `?!`
    let stop = i + 1;
    while (stop < end && (".!?…".includes(text[stop] ?? "") || CLOSERS.includes(text[stop] ?? ""))) {
      stop++;
    }
    stop = afterDetachedCloser(text, stop, end);
    const next = text[stop];
    if (stop >= end) break;
    let boundary = false;
    if (isSpace(next)) {
      let j = stop;
      while (j < end && isSpace(text[j])) j++;
      const after = text[j];
      const startsSentence =
        (isUpper(after) || isDigit(after) || OPENERS.includes(after ?? "")) && !WIRE_CREDIT_AHEAD.test(text.slice(j, j + 12));
      boundary = startsSentence && !(ch === "." && stop === i + 1 && isAbbreviationStop(text, i, sentenceStart));
    } else if (ch === "." && isUpper(next) && /\p{Ll}/u.test(text[stop + 1] ?? "")) {
      // A missing space after the full stop ("Mosul.The"), but not "U.S." or "No.1".
      boundary = /\p{Ll}{2}$/u.test(text.slice(Math.max(start, i - 2), i));
    } else if (OPENERS.includes(next ?? "") && ch !== ".") {
      boundary = true;
    }
    if (!boundary) {
      i = stop - 1;
      continue;
    }
    push(trimSpan(text, sentenceStart, stop));
    sentenceStart = stop;
    i = stop - 1;
  }
  push(trimSpan(text, sentenceStart, end));
  return spans;
}

/** Quote marks that may close a quotation: as scraped, the closing one often stands apart. */
const QUOTE_MARKS = "'’”\"";

/**
 * Where a sentence ends when closing quote marks stand apart after its stop, as scraped pages set
 * them ("I used to say to her: ` Study right now! '"): after those marks (and any set apart after
 * them), when only spaces or the span's end follow them; else at `stop`. They would otherwise be a
 * sentence of their own.
 */
function afterDetachedCloser(text: string, stop: number, end: number): number {
  let closed = stop;
  // Another mark set apart the same way closes the quotation around it ("submit. ' '").
  for (;;) {
    let j = closed;
    while (j < end && isSpace(text[j])) j++;
    if (j === closed || j >= end || !QUOTE_MARKS.includes(text[j] ?? "")) return closed;
    let k = j;
    while (k < end && QUOTE_MARKS.includes(text[k] ?? "")) k++;
    if (k < end && !isSpace(text[k])) return closed;
    closed = k;
  }
}

/**
 * Words in `text` (runs of non-space characters), counting no further than `max + 1`: callers that
 * only compare against a small limit need not walk a long line.
 */
export function countWords(text: string, max = Number.POSITIVE_INFINITY): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length && words <= max; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** A wire agency's credit that ends a dateline: "(Reuters) -". */
export const WIRE_CREDIT = String.raw`\((?:${WIRE_AGENCIES})(?: [A-Z][a-z]+)?\)\s*[-–—]+`;

/** A clock time right after a date: "May 5, 2010 8:45 am EDT", "June 17, 2009; 2:46 PM ET", "… at 10:04 pm". */
const CLOCK_AFTER = /^[\s,;]*(?:at\s+)?\d{1,2}:\d{2}\b/i;
const CLOCK = /\b\d{1,2}:\d{2}\b/;
/** "At 10:49 am on 02 Feb 2010, Lisy wrote": a time just before the date. */
const CLOCK_BEFORE = /\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:on\s+)?$/i;
/** "HOUSTON, April 30 | Fri Apr 30, 2010 …", "NEW YORK, April 30 (Reuters) -": a dateline. */
const DATELINE_AFTER = new RegExp(`^\\s*(?:\\||${WIRE_CREDIT})`);
const TIMESTAMP_CONTEXT = /\||\b(?:Posted|Added|Updated|Last updated|Published|wrote)\b/i;
/** "… the income range?? -- June 02, 2010 2:27 PM Did her lyrics …": a live chat's entry stamp after its dash. */
const ENTRY_DASH_BEFORE = /(?:^|\s)(?:--|—|–)\s*$/;

/**
 * "The following correction was printed in the Observer's For the record column, Sunday 20 June
 * 2010": the day a correction ran, glued into the text by the page, not an event.
 */
const CORRECTION_STAMP_BEFORE = /\bcorrection was printed in\b[^.]{0,100}\bcolumn,?\s*$/i;
/** "… a beautiful square Posted by chibeetle 2 May 2012 Isla Holbox is …": a reader's post, stamped by its user. */
const POSTED_BY_BEFORE = /\bPosted\s+by\s+\S+(?:\s+\S+)?\s+$/;

/** A date found in a text: where it stands, as written, and whether it was told relative to another. */
interface DateInText {
  start: number;
  end: number;
  text: string;
  relative: boolean;
}

/**
 * A date that stamps the text rather than telling when something happened: a dateline, or a full
 * date with a clock time at the head of a passage or beside a "|" / "Posted" / "Updated" label.
 * It dates the writing, not an event, so neither timelines nor questions' periods read it.
 */
export function isTimestamp(text: string, mention: DateInText): boolean {
  const after = text.slice(mention.end, mention.end + 40);
  const before = text.slice(Math.max(0, mention.start - 40), mention.start);
  if (DATELINE_AFTER.test(after)) return true;
  if (mention.relative) return false;
  if (CORRECTION_STAMP_BEFORE.test(text.slice(Math.max(0, mention.start - 140), mention.start))) return true;
  if (POSTED_BY_BEFORE.test(before)) return true;
  const clocked = CLOCK.test(mention.text) || CLOCK_AFTER.test(after) || CLOCK_BEFORE.test(before);
  if (!clocked) return false;
  return (
    mention.start <= 2 ||
    TIMESTAMP_CONTEXT.test(before) ||
    TIMESTAMP_CONTEXT.test(after) ||
    ENTRY_DASH_BEFORE.test(before)
  );
}
/** "Friday, September 3, 2010; 7:43 PM": a page's stamp before its lead (and after its headline). */
const PAGE_STAMP = String.raw`(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4};\s+\d{1,2}:\d{2}\s*[AP]\.?M\.?(?=\s)`;
/** Agencies a photo credit names alone ("Photograph: AP The Gulf oil spill …"), so its end is known. */
const PHOTO_AGENCY = String.raw`(?:AP|AFP|PA|EPA|Reuters|Associated Press|Getty Images|Rex Features|Nasa)`;
/** "(AP Photo)", "(AP Photo\/Charles Dharapak) (Charles Dharapak - AP)": an agency's credit closing a caption. */
const AGENCY_PHOTO_CREDIT = String.raw`(?:\((?:AP|AFP|Reuters|Getty) (?:Photo|Images)[^()]{0,60}\)(?:\s*\([^()]{0,60}\))?|\([^()]{0,50}\\?\/(?:[Aa]ssociated [Pp]ress|Getty Images|AFP|Reuters|Bloomberg)\)|\(Photos? [Bb]y [^()]{1,40}\)|(?:AFP|Reuters|AP)\\?\/Getty Images)(?=\s+[A-Z])`;
/** "May 25, 2010 - 4:00 PM | by: Malini Wilkes ": a blog post's date, time and author (Fox News). */
const POST_STAMP = String.raw`[A-Z][a-z]+\s\d{1,2},\s\d{4}\s-\s\d{1,2}:\d{2}\s[AP]M\s\|\sby:\s[A-Z][\w'’.-]*\s[A-Z][\w'’.-]*(?=\s)`;
/** "Fergus Walsh | 08:17 UK time, Tuesday, 30 June 2009": a blog post's byline and time (BBC blogs), or the time alone. */
const BLOG_STAMP = String.raw`(?:(?:[A-Z][\w'’.-]*\s+){1,4}\|\s+)?\d{1,2}:\d{2}\s+[A-Z]{2,4}\s+time,\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?=\s)`;
/**
 * A wire dateline, a page's update stamp, a blog post's byline stamp or a photo credit, and what
 * stands before it at a sentence's head (a headline and caption glued to the lead): "WASHINGTON |
 * Thu May 27, 2010 3:54 pm EDT WASHINGTON (Reuters) - ", "13 July 2010 Last updated at 09:43 GMT
 * Help ", "… Photograph: Dario Lopez-Mills\\/AP "; or a live blog's entry time, "7.30 pm CDT: ", "2pm: "; or a
 * page's stamp of weekday, date and time, "Friday, September 3, 2010; 7:43 PM ", with any headline
 * before it.
 */
const DATELINE_HEAD = new RegExp(
  String.raw`^(?:[^]{0,200}?(?:${WIRE_CREDIT}|Last updated at \d{1,2}:\d{2}\s*[A-Z]{2,4}(?:\s+Help\b)?|${BLOG_STAMP}|${PAGE_STAMP}|Photograph: [^]{0,80}?\\\/(?:[A-Za-z]+\\\/)*(?:Getty [Ii]mages|[A-Z][A-Za-z]*)(?=\s+[A-Z])|${AGENCY_PHOTO_CREDIT}|${POST_STAMP}|Photograph: ${PHOTO_AGENCY}(?=\s+[A-Z])|Link to this (?:audio|video)(?=\s+[A-Z]))|\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?(?:\s+[A-Z]{2,4})?:)\s*`,
);

/**
 * Where a sentence's own words start: after a leading wire dateline, update stamp, blog byline
 * stamp, photo credit or live-blog entry time, then a list dash, agency credit, dateline in
 * capitals or BBC byline (`LEADING_MARK`), or at 0. Answers, timelines and titles start there.
 */
export function afterDateline(text: string): number {
  const head = DATELINE_HEAD.exec(text);
  const at = head && head[0].length < text.length ? head[0].length : 0;
  LEADING_MARK.lastIndex = at;
  const mark = LEADING_MARK.exec(text);
  return mark && at + mark[0].length < text.length ? at + mark[0].length : at;
}

/** How far into a sentence a run-on's end is looked for, and how much must stand after it. */
const RUN_ON_WITHIN_WORDS = 30;
const RUN_ON_REST_WORDS = 8;

/**
 * Where the text after a run-on caption or headline starts in `text`, from `from` (after its
 * dateline): the last such end within its first 30 words, with at least 8 words after it; `from`
 * when there is none. A reader's quote starts there; the sentence itself stays whole, since the
 * headline's words are what a question or a reference summary often shares with it.
 */
export function afterRunOn(text: string, from: number): number {
  let at = from;
  for (const start of runOnStarts(text, from)) {
    if (countWords(text.slice(from, start), RUN_ON_WITHIN_WORDS + 1) > RUN_ON_WITHIN_WORDS) break;
    if (countWords(text.slice(start), RUN_ON_REST_WORDS) >= RUN_ON_REST_WORDS) at = start;
  }
  return at;
}

/**
 * An agency's credit left at a sentence's head by the caption before it: "(AP) The Obama
 * administration is lifting …", "AP It took U.S. and British teams …", "Reuters BP's embattled
 * boss …", "NOAA, via AP NEW ORLEANS -- The tropical storm …". Only before a capital: "Reuters
 * reported" is the sentence's subject.
 */
const AGENCY_CREDIT = String.raw`(?:\((?:AP|AFP|Reuters)\)|AP|AFP|Reuters|\p{Lu}[\p{L}.&]*(?:\s\p{Lu}[\p{L}.&]*)?,\s+via\s+(?:AP|AFP|Reuters))\s+`;

/**
 * A BBC page's byline glued to its lead: "By Richard Black Environment correspondent, BBC News The
 * already threatened manatee …", "By Finlo Rohrer BBC News, Washington Some experts believe …". A
 * place after it ("Washington") goes too when a sentence opener follows it; otherwise the place
 * stays, read as a dateline ("New Orleans Laura Trevelyan describes …"), since where the place
 * ends and a name begins cannot be told.
 */
const BBC_BYLINE = String.raw`By\s(?:\p{Lu}[\p{L}'’-]+,?\s){1,3}(?:[\p{L} ]{0,40}?,\s)?BBC(?:\s(?:News|World\sNews|World\sService|Panorama|NI))?(?:\s\p{Ll}[\p{Ll} ]{0,30}?(?:correspondent|reporter|editor))?(?:,\s+(?:(?:\p{Lu}[\p{L}'’-]*\s+){1,3}?(?=(?:The|There|A|An|It|This|These|Some|Everything|Many|More)\s))?|\s+)(?=\p{Lu})`;

/**
 * An agency photo's credit left at a sentence's head by the caption before it: "AP Photo\\/Dave
 * Martin According to government estimates …", "AP Photo\\/BP PLC BP's underwater robots …". The
 * photographer's name is the shortest run of capitalised words before a capitalised word and a
 * word in lower case, where the sentence starts.
 */
const PHOTO_CREDIT_HEAD = String.raw`(?:(?:AP|AFP|Reuters)\sPhoto|REUTERS)\\?\/(?:\p{Lu}[\p{L}.'’-]*\s){1,3}?(?=\p{Lu}[\p{L}'’-]*\s\p{Ll})`;

/**
 * A news page's own links left at a sentence's head (Washington Post pages as scraped): "Article | ",
 * "” This Story: Read + | Watch + | ", "” Follow The Post On: ". What follows may be a dateline too
 * ("Article | HOUSTON - Federal investigators …"), so the marks after it are read as well.
 */
const PAGE_CHROME = String.raw`(?:[”"]\s*)?(?:Article\s\|\s+|This Story: Read \+ \| Watch \+ \|\s+|Follow The Post On:\s+)`;

/**
 * A list dash or a dateline in capitals (its state or country may follow in lower case) opening a
 * sentence, or an agency's credit: "-- A $20 billion fund that BP set up …", "AP NEW ORLEANS --
 * Engineers removed a temporary cap …", "AP BILOXI, Mississippi -- This time, …". Only at
 * the very head (sticky, read from where the dateline ends): a dash inside a sentence is the writer's.
 */
const HEAD_MARK = String.raw`(?:${BBC_BYLINE}|${PHOTO_CREDIT_HEAD}|(?:${AGENCY_CREDIT})?(?:[-–—]{1,2}\s+|\p{Lu}[\p{Lu} .,']{2,40}?(?:\s\p{Lu}\p{Ll}[\p{L}.]*){0,2}\s+--\s+)|${AGENCY_CREDIT}(?=\p{Lu}))`;
const LEADING_MARK = new RegExp(String.raw`(?:${PAGE_CHROME}(?:${HEAD_MARK})?|${HEAD_MARK})(?=\S)`, "uy");

/**
 * A photo caption describes a picture, not what happened: "April 26: Weathered oil is seen on the
 * surface of the Gulf", "April 29: Oil … can be seen as a dark blue swirl", a date with its year
 * and a colon ("June 15, 2010: President Obama speaks from the Oval Office …", Fox News's; a
 * chronology writes "April 20, 2010 - Explosion …" or "2 May: BP starts …"), "July 17, 2010: The
 * containment stack is shown at the site …", "April 21: In this aerial photo taken …", "This image made from video
 * released by BP shows …", an archive picture's ("FILE: President Obama talks with … on May 2"), "Stanley Murray, left, father of Chad Murray, …, hug loved ones",
 * and a picture's credit alone ("Credit: Reuters\/Bob Laura\/U."; one that runs into a dateline and
 * its lead is no caption), or closing the words it credits ("Members of the National Guard install
 * floating dams … May 27, 2010 on Grand Isle, Louisiana Photograph: Mario Tama\/Getty Images"; with
 * the lead after it, the sentence tells that).
 *
 * Not the parser's rule (`AGENCY_CAPTION` in parse.ts), which cuts a whole line shaped as
 * an agency caption ("… Mosul, Iraq June 27, 2017.") out of the index: that one must be sure, since
 * the line is lost to answers too; this one only weighs a timeline's quote down or passes over a
 * sentence as a title, and may be looser.
 */
const CAPTION =
  /^(?:Photo )?Credit:\s[^]{0,100}$|^FILE(?: PHOTO)?:\s|\S\s+(?:Photograph|Illustration|Photo):\s[^\\/.]{1,60}?\\?\/\S*(?:\s\S+){0,2}\s*$|\b[Tt]his (?:caption|picture|photograph) was (?:amended|corrected|changed)\b|^(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}(?:, \d{4}: |(?:, \d{4})?: [^]*\b(?:seen|shown|pictured)\b)|\b(?:is|are|can be) (?:being )?seen\b(?! (?:as|with|to|by)\b)|\b[Ii]n this (?:[\w-]+ ){0,3}(?:photo|image|picture|video\s+(?:grab|still|frame))|\b[Tt]his (?:[\w-]+ ){0,2}(?:photo|image|picture)\b[^.]{0,80}\bshows\b|\b(?:handout|file) (?:photo|photograph|picture)\b|\b(?:frame|video|screen) grab\b|,\s(?:(?:(?:top|bottom|upper|lower|far|front|back|rear) )?(?:left|right)|centre|center|second from (?:left|right)|(?:in the )?(?:background|foreground)(?: (?:left|right))?),/;

export function isCaption(sentence: string): boolean {
  return CAPTION.test(sentence);
}

/**
 * A sentence that ends in a question mark (before any closing quote): it asks, it does not tell.
 * "Could the junk shot make matters worse?" answers no question about the junk shot, and "Who's
 * blamed by BP for the oil spill?" tells no day what happened.
 */
export function isQuestion(sentence: string): boolean {
  return /\?\s*["”’']?\s*$/u.test(sentence);
}

/**
 * A sentence that announces what follows instead of telling anything: "Here are some facts from the
 * U.S. Centers for Disease Control and Prevention about how swine flu spreads", "Below is a timeline
 * of the spill and its impact", "The following is a look at how the spill has weighed on the company";
 * or that invites the reader: "Share your photos of the BP oil spill", "Send us your comments",
 * "Tell us your experiences", "Click on the cards below", "Read more", "We are no longer accepting submissions",
 * "You can follow the testimony … on the BBC News website", "You can watch Mr Gibbs here".
 */
const SIGNPOST =
  /^\W*(?:(?:Here|Below|Following|The following)\s+(?:is|are)\b|(?:Share|Send|Tell)\s+us\b|Share\s+your\b|Click\s+(?:on|here|image|next|to|below)\b|(?:Read|Find out|See)\s+more\b|Sign\s+up\b|E-?mail\s+us\b|Have\s+your\s+say\b|We(?:['’]re|\s+are)\s+no\s+longer\s+accepting\b|You\s+can\s+(?:also\s+)?(?:follow|watch|listen|comment|send|download|find\s+the\s+(?:article|story|full))\b)/iu;

/**
 * A correction of an earlier article, as a paper prints it at the head of the page: "A Page One
 * article misstated the date of Attorney General Eric H. Holder Jr.'s statement …", "This article
 * about the relative importance of safety … misstated the amount of oil released", "This summary …
 * omitted one bill", "The article about the number of oil-related incidents … said that the agency
 * … received 12,087 reports", "A photo caption said that …", "Correction: An earlier version of
 * this story …". Not a report that "said that" (news: "The commission's report said that Interior
 * should …"). It tells what the paper got wrong, not what happened: a signpost, weighed as one.
 */
const CORRECTION =
  /^\W*(?:Correction\s*:|(?:A|An|The|This)\s+(?:earlier\s+version\s+of\s+this\s+|[\w'’.-]+\s+){0,4}?(?:(?:article|story|report|column|editorial|graphic|summary|caption|headline|obituary|chart|map)\b[^.!?]{0,300}?\b(?:misstated|incorrectly|misidentified|misspelled|erroneously|omitted|should\s+have\s+(?:said|read))|(?:article|story|caption|headline|graphic)\s+(?:about|on)\b[^.!?]{0,300}?\bsaid\s+that|(?:photo\s+)?caption\s+said\s+that)\b)/u;

export function isSignpost(sentence: string): boolean {
  return SIGNPOST.test(sentence) || CORRECTION.test(sentence);
}

/**
 * A teaser cut off by its page, ending in an ellipsis straight after a letter: "Choppy seas, strong
 * winds and rain halted Saturday's cleanup of an oil spill around the massive oil drilling rig that
 * exploded and toppled into th...". The whole sentence is often elsewhere in the corpus.
 */
const TRUNCATED = /\p{L}(?:\.\.\.|…)["”’]?$/u;

export function isTruncated(sentence: string): boolean {
  return TRUNCATED.test(sentence.trimEnd());
}

/** Measured on Timeline17: English sentences there reach 10% single letters ("P O L I T I C A L" aside), garbled ones 20% and more. */
const GARBLED_SHARE = 0.2;
const GARBLED_MIN_WORDS = 6;

/**
 * Text that lost its letters in decoding (a Vietnamese page read as Latin-1: "Vi # t Nam ngn c m c a
 * kh u Ch nh ph …"): a fifth or more of its words are single letters that are no English word ("a",
 * "I"). No reader can take it as a quote. Punctuation alone is no word ("` fix '" as the source tokenised it).
 */
export function isGarbled(sentence: string): boolean {
  const words = sentence.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length < GARBLED_MIN_WORDS) return false;
  const single = words.filter((w) => /^\p{L}$/u.test(w) && !/^[aAI]$/.test(w)).length;
  return single >= GARBLED_SHARE * words.length;
}

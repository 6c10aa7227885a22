import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import { parseIsoDate } from "../temporal/calendar.js";
import { afterDateline, countWords, firstListItem, isCaption, splitSentences, trimSpan } from "./sentences.js";
import type { Boilerplate, BoilerplateKind, DateSource, Span } from "./types.js";

let yaml: typeof Yaml | null = null;
/**
 * YAML (front matter, the alias file), its library loaded on first use (synchronously, its
 * CommonJS build): a start from a snapshot parses no report, and loading it costs a tenth of a second.
 */
export function parseYaml(text: string): unknown {
  yaml ??= createRequire(import.meta.url)("yaml") as typeof Yaml;
  return yaml.parse(text);
}

/**
 * Reading one report file on its own: its date header or front matter, its lines and which of them
 * are boilerplate. Corpus-wide checks (duplicates, blocks repeated across reports) come later in
 * the loader, which then calls `segment` to cut the remaining lines into paragraphs and sentences.
 */
export interface ParsedReport {
  date: string | null;
  dateSource: DateSource;
  frontMatterTitle: string | null;
  source: string | null;
  url: string | null;
  bodyStart: number;
  lines: Line[];
  boilerplate: Boilerplate[];
  warnings: string[];
}

/** A non-blank line of the body, trimmed. `paragraph` counts blank-line separated blocks. */
export interface Line extends Span {
  content: string;
  paragraph: number;
}

export interface Paragraph extends Span {
  index: number;
  sentences: Span[];
}

/** ` date 2017-06-28 Iraqi forces…`: the header may be indented and the body may follow on the same line. */
const DATE_HEADER = /^[\t \uFEFF]*date[\t ]+(\d{4}-\d{1,2}-\d{1,2})(?=\s|$)[\t ]*/;
const FRONT_MATTER = /^\uFEFF?---[\t ]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[\t ]*(?:\r?\n|$)/;

/** Reuters' invitation to comment, which ends the article: "We welcome comments that advance the story through …". */
const COMMENTS_INVITATION = /^we welcome comments that advance the story\b/i;
/** The longest line a reader prompt is (those read in the dev folders are under 300 characters). */
const MAX_PROMPT_LINE = 400;
/** What a page says to its readers about their comments, its forms and its blogs (see LINE_RULES). */
const READER_PROMPT = new RegExp(
  [
    /\b(?:your|the bbc may edit your) comments (?:may|will) be published\b|\bnot all (?:e-?mails|comments) will be published\b/,
    /\byour contact details will (?:never|not) be published\b|\bwhen sending us (?:pictures|photos)\b/,
    /\bplease (?:ensure|make sure) you have read the terms\b|\b(?:filling in|using) the form below\b/,
    /\btell us (?:about )?your (?:experiences?|story|stories|views)\b|^this is my blog\b/,
    /\bpopular topics this blog covers\b|\bfor the latest updates across bbc blogs\b/,
    /^see also is a collection of the best of the web\b|\byou can stay up to date with .{0,60} via these feeds\b/,
  ]
    .map((r) => r.source)
    .join("|"),
  "i",
);
/**
 * A site's footer, alone on its line or glued after the article's last one: Thomson Reuters' product
 * links ("An ultra-low latency infrastructure for electronic trading and data distribution …"), the
 * Guardian's contacts ("Letters for publication should be sent to: letters@guardian.co.uk If you need
 * help using the site: …").
 */
const SITE_FOOTER = /^(?:an ultra-low latency infrastructure for electronic trading\b|letters for publication should be sent to:)/i;
/**
 * A page's promotion of its own programmes, products and feeds, or its rights notice (see
 * LINE_RULES): "Listen to File on 4, BBC Radio 4 2000 BST, Tuesday 9 June 2009, …" (a listing, whose
 * days are the broadcast's, not events), "Watch “Hannity” weeknights at 9 p.m. ET!".
 */
const PROMOTION_OR_RIGHTS =
  /^(?:(?:listen to|watch)\b.{0,120}\b\d{3,4} (?:gmt|bst)\b|(?:-- )?watch “[^”]{1,60}” (?:weeknights|weekdays|weekends|tonight|sundays|saturdays)\b|click here for (?:more|pdf)\b|follow (?:the latest|all the top stories)\b.{0,80}\bon twitter\b|find out more and buy the ebook\b|watch our video and get your vouchers\b|[\p{L} ]{0,30} is on twitter\.?$|content and programming copyright \d{4}\b|all materials herein are protected by\b|you may not alter or remove any trademark\b|this content has been removed as our copyright has expired\b)/iu;
/**
 * The end of an article, glued after its last line: Reuters' invitation to comment or a site's
 * footer ("(Reporting by …; Editing by …) We welcome comments …", "… can be found here (Reporting
 * by …) An ultra-low latency infrastructure …", "She was a consultant on the film Letters for
 * publication should be sent to: …").
 */
const GLUED_PAGE_END = new RegExp(`\\b(?:${COMMENTS_INVITATION.source.slice(1)}|${SITE_FOOTER.source.slice(1)})`, "i");

/**
 * Reader comments scraped with the article, each opening with its timestamp: "At 10:28 am on 28 May
 * 2010, mridul_h wrote: …", "At 20:08 1st Jun 2010, nautonier wrote: …", "March 9, 2011 at 11:45
 * am | Reply …". Comments follow the article, so everything from the first one on is left out.
 */
const READER_COMMENT = new RegExp(
  [
    /^at \d{1,2}:\d{2}\s*(?:[ap]m )?(?:on )?\d{1,2}(?:st|nd|rd|th)? \w{3,9} \d{4},\s*\S.{0,60}?\swrote:/.source,
    /^\w{3,9} \d{1,2}(?:st|nd|rd|th)?,? \d{4},? at \d{1,2}:\d{2}\s*[ap]m\s*\|\s*reply\b/.source,
    // Readers' views pages ("Have your say") close the article with one of these, then the comments.
    /^(?:this debate is (?:now )?closed|comments? (?:are|is) (?:now )?closed|the following comments reflect)\b/.source,
    /^(?:below is a selection of your comments|a selection of your comments(?: to this debate)? appears? below)\b/.source,
    // Reuters' pages open the readers' comments with these; the author's biography and the site's
    // links follow them, never the article.
    COMMENTS_INVITATION.source,
    /^views expressed in the comments do not represent\b|^this discussion is (?:now )?closed\b/.source,
  ].join("|"),
  "i",
);

/**
 * A comment's signature anywhere in a line, often glued to the comment before: "… Posted by: x |
 * April 30, 2010 12:27 PM | Report abuse", "Sam wrote: January 28, 2011 at 12:44 pm | Reply …".
 * Such a line is a comment; the lines after it may be article again (pages that interleave them), so
 * only the line is left out. With READER_COMMENT, the one test of a comment: timelines and answers
 * see none of it.
 */
const COMMENT_SIGNATURE = /\|\s*(?:reply|report abuse)\b|\bposted by:/i;

const MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
const ZONE = "(?:BST|GMT|UTC|CET|CEST|EST|EDT|ET|PST|PDT)";
/** A timestamp line: "4:41 pm BST", "Page last updated at 11:51 GMT, Friday, 29 January 2010". */
const DATELINE = new RegExp(
  `^(?:page last updated at |last updated:? |published:? |updated:? )?(?:\\w+day,? )?(?:\\d{1,2} ${MONTH} \\d{4},? )?\\d{1,2}[:.]\\d{2}\\s*(?:[ap]m\\s*)?${ZONE}\\b[\\s\\w,]{0,40}$`,
  "i",
);
/** A dateline inside a line, as the Guardian's pages flatten: "…are learned Friday 16 July 2010 19.07 BST UK government says…". */
const EMBEDDED_DATELINE = new RegExp(`\\b\\p{Lu}\\p{Ll}+day \\d{1,2} ${MONTH} \\d{4} \\d{1,2}[.:]\\d{2} ${ZONE}\\b`, "u");
/** A photo credit opening a line: "Photograph: Michael St Maur Sheil/Corbis", "Photograph: Ismael Francisco/AFP/Getty images". */
const PHOTO_CREDIT = /^(?:photograph|photo|picture|image)(?: copyright)?:\s+[^\\/.]{1,60}?(?:\\?\/[\p{L}.-]+)+(?: images)?(?=\s|$)/iu;
/**
 * A news-agency photo caption, the place then the date with no preposition before it: "Smoke rises
 * from clashes in the Old City of Mosul, Iraq June 27, 2017.", "… while in Venice, Louisiana, May 2, 2010." A
 * sentence would say "on June 27".
 * The Associated Press's captions set the weekday off the same way: "… speaks at a press conference
 * at their headquarters in London, Tuesday, Nov. 2, 2010." (a sentence: "on Tuesday, Nov. 2").
 */
const AGENCY_CAPTION = new RegExp(
  `[\\p{L}],? \\p{Lu}(?!\\p{Ll}+day\\b)[\\p{L}.]+(?: \\p{Lu}[\\p{L}.]+)?,? ${MONTH} \\d{1,2}, \\d{4}\\.?(?: REUTERS\\/.{0,60})?$` +
    `|[\\p{L}], \\p{Lu}\\p{Ll}+day, (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\p{Ll}*\\.? \\d{1,2}, \\d{4}\\.?$`,
  "u",
);
/**
 * A fragment of another element glued onto the end of a sentence by scraping: "…push into the final
 * Isis strongholds.s with US-led allied militia". It starts right after the full stop and never ends one.
 */
const GLUED_FRAGMENT = /(?<=\p{Ll}{4}\.)\p{Ll} [^.!?…]*$/u;
/** A publisher's disclaimer closing a line: "Reuters is not responsible for the content in this press release." */
const PUBLISHER_DISCLAIMER = /\bis not responsible for (?:the|any) content\b[^.!?]{0,60}[.!?]?["”]?$/i;
/** How a print-edition or web-edition note opens: "A version appeared on p7 of …", "This article appeared in …". */
const PRINT_NOTE = "(?:a version of this article|a version|this article)";
/** A wire story's credit or note in parentheses: "(Reporting by …)", "(ID: nLB679804)", "($1 = 0.7336 euro)", "(For … go to: here)". */
const WIRE_NOTE =
  /\((?:(?:additional |compiled |written |edited )?(?:reporting|writing|editing|edited|compiled|written)(?: and reporting)? by\b|id: n\w+\)|\$1 = |for [^()]*(?:click here|go to\b))/i;
/** The longest line of wire notes (those read in the dev folders are under 300 characters). */
const MAX_WIRE_NOTES = 600;
/** A line of parenthesised groups only (one level of nesting). */
const PARENTHESISED_ONLY = /^(?:\((?:[^()]|\([^()]*\))*\)\s*)+$/;
/** Gallery navigation left at the start of a line: "BACK { current } of { total } NEXT". */
const GALLERY_NAVIGATION = /^back \{ current \} of \{ total \} next\b/i;

interface LineRule {
  kind: BoilerplateKind;
  pattern: RegExp;
  reason: string;
  /**
   * Whether the rule can match a line over SHORT_LINE characters (and, where given, a cheap test
   * that it might): most lines of a corpus are long sentences, and only these rules are tried on them.
   */
  long?: true | ((content: string) => boolean);
  /** A further test the line must pass (where one pattern would backtrack, or a limit on its length). */
  when?: (content: string) => boolean;
}

const LINE_RULES: LineRule[] = [
  { kind: "photo-caption", pattern: /^\d{1,3}\/\d{1,3}\s+\S/, reason: "photo-gallery caption" },
  { kind: "gallery-label", pattern: /^\d{1,3}\s+show all\b/i, reason: "photo-gallery label" },
  { kind: "gallery-label", pattern: /^in pictures\s*:/i, reason: "photo-gallery label", long: true },
  {
    // "SOURCES: BP, Gulf Coast Claims Facility, NOAA | The Washington Post - Oct. 20, 2010"
    kind: "photo-caption",
    pattern: /^sources?:.{0,200}\|\s*the [\p{L} ]{2,30} - /iu,
    reason: "graphic's sources",
    long: true,
  },
  {
    kind: "social-prompt",
    pattern:
      /^(click to (follow|share|subscribe)|follow us\b|share (this|on)\b|sign up\b|subscribe\b|read more\s*:|related\s*:|advertisement$)/i,
    reason: "social or navigation prompt",
    long: true,
  },
  { kind: "social-prompt", pattern: SITE_FOOTER, reason: "site footer", long: true },
  {
    // "Follow the latest environment news, comment and analysis on Twitter", "Find out more and buy
    // the ebook on Kindle …", "Content and Programming Copyright 2010 Fox News Network, LLC.", "All
    // materials herein are protected by United States copyright law …"
    kind: "social-prompt",
    pattern: PROMOTION_OR_RIGHTS,
    reason: "promotion or rights notice",
    long: true,
  },
  {
    // A page's invitation to send comments or pictures, its terms, and a blog's own chrome: "The BBC
    // may edit your comments and not all emails will be published.", "Tell us your experiences by
    // filling in the form below.", "These are some of the popular topics this blog covers."
    kind: "social-prompt",
    pattern: READER_PROMPT,
    reason: "form or blog prompt",
    // A paragraph that quotes such words ("'Tell us your story,' the officer said …") is no prompt,
    // whatever it opens with (a line opening with a figure is tried on every rule).
    when: (content) => content.length <= MAX_PROMPT_LINE,
    long: true,
  },
  {
    // "(Reporting by Tom Bergin; Editing by Louise Heavens)", "(ID: nLB765857) ($1 = 0.7336 euro)
    // (Reporting by …)", "(For a WHO map of the spread of cases, go to: here)": a wire story's
    // credits and notes, a line of parenthesised groups only, one of them a credit or a note (the
    // Washington Post sets whole paragraphs of prose in parentheses).
    kind: "byline",
    pattern: PARENTHESISED_ONLY,
    when: (content) => WIRE_NOTE.test(content),
    reason: "wire credit",
    long: (content) => content.length <= MAX_WIRE_NOTES && content.startsWith("(") && content.endsWith(")"),
  },
  {
    kind: "related-link",
    pattern: /^(read more\b|see also\b|more on this story\b|related (articles?|stories|links|content|coverage)\b|also in the news\b)/i,
    reason: "related-article link",
    long: true,
  },
  {
    // "… Test Led to the First Identification... \* Reuters is not responsible for the content in this
    // press release.": a linked press release's headline and the wire's disclaimer after it.
    kind: "related-link",
    pattern: PUBLISHER_DISCLAIMER,
    reason: "publisher's disclaimer",
    long: (content) => content.includes("not responsible for"),
  },
  { kind: "dateline", pattern: DATELINE, reason: "dateline" },
  {
    // "A version appeared on p7 of the Main section section of the Guardian on 00.38 BST on Saturday 2 May 2009",
    // "A version appeared in the Guardian on 12.46 BST on Sunday 30 May 2010";
    // also after a related article's headline glued before it, with no full stop ("The US and Europe
    // ignore it This article appeared on p20 of the …").
    kind: "dateline",
    pattern: new RegExp(
      String.raw`^(?:(?:[^.!?]{1,100}?\s)??${PRINT_NOTE} appeared on p\d+ of the\b|${PRINT_NOTE} appeared in the [\p{L} ]{1,40}? on \d{1,2}[.:]\d{2}\b)`,
      "iu",
    ),
    reason: "print-edition note",
    long: true,
  },
  {
    // "cents This article was amended on 8 May 2010 to correct …" (the Guardian's "•" as scraped)
    kind: "dateline",
    pattern: /^(?:cents |[•▪●] )?this article was (?:amended|corrected|updated)\b/i,
    reason: "correction note",
    long: true,
  },
  {
    kind: "byline",
    pattern: /^((additional )?reporting by|written by|edited by|by)\s+\p{Lu}[^.!?]{0,80}$/iu,
    reason: "byline",
  },
  {
    // "CNN's Frederik Pleitgen, Nic Robertson and Ian Lee contributed to this report."
    kind: "byline",
    pattern: /^(?:--\s*|cents |[•▪●] )?[^.!?]{3,120} contributed (?:reporting|to this (?:report|story|article))\b[^.!?]{0,60}[.!?]?$/i,
    reason: "contributors' credit",
    long: (content) => content.includes(" contributed "),
  },
  { kind: "byline", pattern: /^[\p{L}'’ .-]{3,60} reports from [\p{L} -]{2,40}\.?$/u, reason: "video byline" },
  {
    kind: "byline",
    pattern:
      /^(the independent( online)?|reuters|associated press|afp|ap|bbc news|cnn|the guardian|the washington post|fox news)\s*$/i,
    reason: "outlet byline",
  },
];

/** Lines this long or shorter may be any boilerplate; longer ones only what a rule marks `long`. */
const SHORT_LINE = 110;

/** The first boilerplate rule a line matches; a line starting with a digit is tried against every rule. */
function boilerplateRuleOf(content: string): LineRule | undefined {
  const first = content.charCodeAt(0);
  const anyRule = content.length <= SHORT_LINE || (first >= 48 && first <= 57);
  return LINE_RULES.find(
    (r) =>
      (anyRule || (r.long !== undefined && (r.long === true || r.long(content)))) &&
      r.pattern.test(content) &&
      (r.when === undefined || r.when(content)),
  );
}

const TERMINAL = /[.!?…]["'”’)\]]*$/;
/** A party and state after a name, where splitters break the line: "Rep. Michele Bachmann (R-Minn.)" / "called the …". */
const ABBREVIATION_IN_PARENS = /\([^()\s]{1,12}\.\)$/;
/**
 * A wire story's stock code broken across two lines at its dot, as sentence splitters leave it:
 * "Helix Energy Solutions Group Inc (HLX." then "N) is putting finishing touches on …". The second
 * line continues the first (a hundred such breaks in bpoil_reuters, 32 in H1N1_reuters).
 */
const TICKER_SYMBOL = /\b[A-Z][A-Z0-9]{0,5}\.$/;
const TICKER_EXCHANGE = /^[A-Z]{1,3}\)/;

export function shorten(s: string, max = 100): string {
  const flat = s.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/, "")}…`;
}

function linesOf(text: string, from: number): Line[] {
  const lines: Line[] = [];
  let paragraph = 0;
  let blankBefore = false;
  let pos = from;
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    const span = trimSpan(text, pos, end);
    if (span) {
      if (blankBefore && lines.length > 0) paragraph++;
      lines.push({ ...span, content: text.slice(span.start, span.end), paragraph });
      blankBefore = false;
    } else {
      blankBefore = true;
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  return lines;
}

function readHeader(text: string, warnings: string[]) {
  const header = DATE_HEADER.exec(text);
  if (!header) return null;
  const raw = header[1] ?? "";
  const date = parseIsoDate(raw);
  if (!date) warnings.push(`impossible date "${raw}" in the date header; loaded as undated`);
  return { date, bodyStart: header[0].length };
}

function readFrontMatter(text: string, warnings: string[]) {
  const block = FRONT_MATTER.exec(text);
  if (!block) return null;
  const result = {
    title: null as string | null,
    date: null as string | null,
    source: null as string | null,
    url: null as string | null,
    bodyStart: block[0].length,
  };
  let data: unknown;
  try {
    data = parseYaml(block[1] ?? "");
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    warnings.push(`front matter is not valid YAML (${detail}); its fields were ignored`);
    return result;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    warnings.push("front matter is not a YAML mapping; its fields were ignored");
    return result;
  }
  const fields = data as Record<string, unknown>;
  const field = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
  result.title = field(fields.title);
  result.source = field(fields.source);
  result.url = field(fields.url);
  const rawDate = fields.date instanceof Date ? fields.date.toISOString() : fields.date;
  if (rawDate !== undefined && rawDate !== null) {
    const written = typeof rawDate === "string" ? rawDate : JSON.stringify(rawDate);
    result.date = parseIsoDate(written.trim().slice(0, 10));
    if (!result.date) warnings.push(`impossible date "${written}" in the front matter; loaded as undated`);
  }
  return result;
}

/** A piece of `line` as a line of its own, trimmed; null when only spaces. */
function pieceOf(text: string, line: Line, start: number, end: number): Line | null {
  const span = trimSpan(text, start, end);
  return span ? { ...span, content: text.slice(span.start, span.end), paragraph: line.paragraph } : null;
}

/**
 * A media player's notice where its video or slideshow stood, with the player's title before it:
 * "Rig worker: Fault found earlier You must enable javascript to play content A worker on …", "…
 * To play this content JavaScript must be turned on and the latest Flash player installed."
 */
const MEDIA_NOTICE =
  /^[^]{0,200}?\b(?:you must enable javascript to play content|to play this content javascript must be turned on and the latest flash player installed\.?|in order to see this content you need to have both javascript enabled and flash installed\.?|you must have flash player \d+ or higher installed to use this slideshow\.?)/i;

/** Boilerplate at the head of a line, glued before its text: how long it is, and what it is. */
function openingBoilerplate(content: string): { length: number; kind: BoilerplateKind; reason: string } | null {
  const gallery = GALLERY_NAVIGATION.exec(content);
  if (gallery) return { length: gallery[0].length, kind: "gallery-label", reason: "photo-gallery navigation" };
  const credit = PHOTO_CREDIT.exec(content);
  if (credit) return { length: credit[0].length, kind: "photo-caption", reason: "photo credit" };
  const media = MEDIA_NOTICE.exec(content);
  if (media) return { length: media[0].length, kind: "label", reason: "media player notice" };
  return null;
}

/**
 * Cuts boilerplate that scraping glued onto a line of text into lines of its own: gallery
 * navigation and photo credits at the start of a line, a dateline inside one. Text after an
 * embedded dateline is the photo's caption when the next line opens with the photo's credit.
 */
function cutEmbedded(text: string, lines: Line[]): { lines: Line[]; boilerplate: Boilerplate[] } {
  const out: Line[] = [];
  const boilerplate: Boilerplate[] = [];
  const push = (piece: Line | null, kind?: BoilerplateKind, reason?: string) => {
    if (!piece) return;
    out.push(piece);
    if (kind && reason) boilerplate.push({ start: piece.start, end: piece.end, kind, reason });
  };
  lines.forEach((line, i) => {
    let from = line.start;
    const opening = openingBoilerplate(line.content);
    if (opening) {
      push(pieceOf(text, line, from, from + opening.length), opening.kind, opening.reason);
      from += opening.length;
    }
    let to = line.end;
    // The page's end becomes a line of its own: the comments' opening opens the comments
    // (READER_COMMENT), and the footer is a line rule's.
    // Glued only after some text: at the line's head it is the line rules' (and a look-behind for
    // that text made a long line of spaces quadratic).
    const found = GLUED_PAGE_END.exec(text.slice(from, to));
    const pageEnd = found && found.index > 0 ? found : null;
    const afterArticle = pageEnd ? pieceOf(text, line, from + pageEnd.index, to) : null;
    if (pageEnd) to = from + pageEnd.index;
    const textEnd = to;
    const glued = GLUED_FRAGMENT.exec(text.slice(from, to));
    if (glued) {
      to = from + glued.index;
      boilerplate.push({ start: to, end: textEnd, kind: "label", reason: "fragment glued on by scraping" });
    }
    const rest = text.slice(from, to);
    const dateline = EMBEDDED_DATELINE.exec(rest);
    if (dateline) {
      const at = from + dateline.index;
      push(pieceOf(text, line, from, at));
      push(pieceOf(text, line, at, at + dateline[0].length), "dateline", "dateline");
      const next = lines[i + 1];
      const captioned = next !== undefined && PHOTO_CREDIT.test(next.content);
      const after = pieceOf(text, line, at + dateline[0].length, to);
      if (captioned) push(after, "photo-caption", "photo caption");
      else push(after);
    } else if (from === line.start && to === line.end) {
      out.push(line);
    } else {
      push(pieceOf(text, line, from, to));
    }
    if (glued) out.push({ start: to, end: textEnd, content: text.slice(to, textEnd), paragraph: line.paragraph });
    push(afterArticle);
  });
  return { lines: out, boilerplate };
}

export function parseReport(text: string): ParsedReport {
  const warnings: string[] = [];
  const header = readHeader(text, warnings);
  const front = header ? null : readFrontMatter(text, warnings);
  const bodyStart = header?.bodyStart ?? front?.bodyStart ?? 0;
  const { lines, boilerplate } = cutEmbedded(text, linesOf(text, bodyStart));

  const cut = new Set(boilerplate.map((b) => b.start));
  const seen = new Set<string>();
  let inComments = false;
  for (const line of lines) {
    if (cut.has(line.start)) continue;
    inComments ||= READER_COMMENT.test(line.content);
    const rule = boilerplateRuleOf(line.content);
    if (inComments || COMMENT_SIGNATURE.test(line.content)) {
      boilerplate.push({ start: line.start, end: line.end, kind: "reader-comment", reason: "reader comment" });
    } else if (AGENCY_CAPTION.test(line.content)) {
      boilerplate.push({ start: line.start, end: line.end, kind: "photo-caption", reason: "news-agency photo caption" });
    } else if (rule) {
      boilerplate.push({ start: line.start, end: line.end, kind: rule.kind, reason: rule.reason });
    } else if (countWords(line.content, 4) <= 3 && !TERMINAL.test(line.content)) {
      boilerplate.push({ start: line.start, end: line.end, kind: "label", reason: "short label line" });
    } else if (seen.has(line.content)) {
      boilerplate.push({
        start: line.start,
        end: line.end,
        kind: "repeated-paragraph",
        reason: "repeats an earlier line of the same report",
      });
    }
    seen.add(line.content);
  }
  boilerplate.sort((a, b) => a.start - b.start);

  return {
    date: header?.date ?? front?.date ?? null,
    dateSource: header?.date ? "header" : front?.date ? "frontmatter" : "none",
    frontMatterTitle: front?.title ?? null,
    source: front?.source ?? null,
    url: front?.url ?? null,
    bodyStart,
    lines,
    boilerplate,
    warnings,
  };
}

/** Cuts the lines that are not boilerplate into paragraphs of sentence spans. */
export function segment(text: string, lines: Line[], excluded: ReadonlySet<number>): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph | null = null;
  let previous: Line | null = null;
  for (const line of lines) {
    if (excluded.has(line.start)) {
      current = null;
      previous = null;
      continue;
    }
    if (!current || previous === null || line.paragraph !== previous.paragraph) {
      current = { start: line.start, end: line.end, index: line.paragraph, sentences: [] };
      paragraphs.push(current);
    }
    const sentences = splitSentences(text, line.start, line.end);
    // A line starting in lower case after an unfinished one continues a hard-wrapped sentence.
    const wrapped =
      previous !== null &&
      ((/^\p{Ll}/u.test(line.content) &&
        (!TERMINAL.test(previous.content) || ABBREVIATION_IN_PARENS.test(previous.content))) ||
        (TICKER_EXCHANGE.test(line.content) && TICKER_SYMBOL.test(previous.content)));
    const last = current.sentences[current.sentences.length - 1];
    const first = sentences[0];
    let from = 0;
    if (wrapped && last && first) {
      last.end = first.end;
      from = 1;
    }
    // A loop, not push(...sentences): a line may hold hundreds of thousands of sentences, more
    // than a call's arguments may number.
    for (let i = from; i < sentences.length; i++) current.sentences.push(sentences[i] as Span);
    current.end = line.end;
    previous = line;
  }
  return paragraphs;
}

/** A wire service's slug before its headline ("UPDATE 1-", "WRAPUP 11-"): the story's version, not its title. */
const WIRE_SLUG = /^(?:UPDATE|WRAPUP|REFILE|RPT|CORRECTED|FACTBOX|ANALYSIS|PREVIEW|INSTANT VIEW|SCENARIOS)(?:\s+\d+)?\s*-\s*(?=\S)/;

/** A picture's credit after a headline ("BP to raise $50 billion … Credit: Reuters\/Walter Shinn\/U."). */
const PHOTO_CREDIT_TAIL = /\s+Credit:\s[^]*$/;

/** How many of a report's first sentences a title is looked for in, past captions. */
const TITLE_SENTENCES = 3;

/** Front-matter title, else a headline among the leading short lines, else the first sentence that is no
 * photo caption, shortened. */
export function chooseTitle(text: string, parsed: ParsedReport, paragraphs: Paragraph[]): string {
  if (parsed.frontMatterTitle) return parsed.frontMatterTitle;
  const excluded = new Set(parsed.boilerplate.map((b) => b.start));
  for (const line of parsed.lines) {
    if (excluded.has(line.start)) continue;
    const words = countWords(line.content, 20);
    if (TERMINAL.test(line.content) && words > 12) break;
    if (words >= 4 && line.content.length <= 200 && !TERMINAL.test(line.content) && !isCaption(line.content))
      return shorten(firstListItem(text, line.start, line.end).replace(WIRE_SLUG, "").replace(PHOTO_CREDIT_TAIL, ""), 200);
  }
  // A page that opens with its picture's caption ("April 26: Weathered oil is seen on the surface of
  // the Gulf …", a tenth of bpoil_foxnews) is titled by the first sentence after it.
  const opening = paragraphs.flatMap((p) => p.sentences.slice(0, TITLE_SENTENCES)).slice(0, TITLE_SENTENCES);
  const first = opening.find((s) => !isCaption(text.slice(s.start, s.end))) ?? opening[0];
  if (!first) return "Untitled report";
  // A lead's wire dateline ("GENEVA | Wed Apr 29, 2009 7:31 pm EDT GENEVA (Reuters) - ") names no report.
  const lead = text.slice(first.start, first.end);
  return shorten(lead.slice(afterDateline(lead)).replace(PHOTO_CREDIT_TAIL, ""));
}

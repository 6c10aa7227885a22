/**
 * The corpus model. Offsets are UTF-16 code-unit indexes into `Report.text`, the decoded file
 * exactly as read, so `report.text.slice(start, end)` is always a verbatim piece of the report.
 */
import type { PassageDirectory, ReportPassages } from "./passages.js";

/** How a report's publication date was determined. */
export type DateSource = "header" | "frontmatter" | "inferred" | "none";

export interface Span {
  start: number;
  end: number;
}

export const BOILERPLATE_KINDS = [
  "photo-caption",
  "gallery-label",
  "byline",
  "social-prompt",
  "reader-comment",
  "dateline",
  "related-link",
  "label",
  "repeated-block",
  "repeated-paragraph",
] as const;
export type BoilerplateKind = (typeof BOILERPLATE_KINDS)[number];

export interface Boilerplate extends Span {
  kind: BoilerplateKind;
  /** Human-readable reason, e.g. "repeated in 2 reports". */
  reason: string;
}

/**
 * A sentence unit of a report: the unit the index and the timeline work on. Made when read from its
 * report's `ReportPassages` (passages.ts), so two reads of one passage are equal, not identical.
 */
export interface Passage extends Readonly<Span> {
  /**
   * Position in `Corpus.passages`. Stable: a reload never changes a kept passage's id (new passages
   * are numbered after the previous corpus's last), so ids are in path order only after a full load
   * or a restore; where order matters, passages go by report (path order), then ordinal.
   */
  readonly id: number;
  readonly reportId: string;
  /** Index of the sentence within its report (0-based, boilerplate excluded). */
  readonly ordinal: number;
  /** Index of the paragraph within its report; sentences of one paragraph share it. */
  readonly paragraph: number;
  /** The report's publication date (YYYY-MM-DD), or null when the report is undated. */
  readonly date: string | null;
}

export interface Report {
  /** Path relative to the corpus folder, with `/` separators and without the extension. */
  id: string;
  /** Path relative to the corpus folder, with `/` separators. */
  file: string;
  text: string;
  title: string;
  /** Publication date, YYYY-MM-DD, or null when the report is undated. */
  date: string | null;
  dateSource: DateSource;
  source: string | null;
  url: string | null;
  /** Offset where the body starts (after a date header or front matter). */
  bodyStart: number;
  boilerplate: Boilerplate[];
  passages: ReportPassages;
  /** Problems that did not stop the report from loading (e.g. an impossible date). */
  warnings: string[];
  /** SHA-1 of the file's bytes: detects a changed report. */
  contentHash: string;
  /** SHA-256 of the text with runs of whitespace made one space: finds duplicate reports. */
  textKey: string;
  /**
   * The lines compared with other reports' to find repeated boilerplate, flat [start, end, key]
   * (key: a hash of the normalised line, 0 when too short to compare). Kept so a reload can tell
   * which reports a new one repeats lines of without parsing them all again.
   */
  comparedLines: Float64Array;
}

/** A file that could not be loaded as a report, with a specific reason. */
export interface Rejection {
  file: string;
  reason: string;
}

export interface Corpus {
  dir: string;
  reports: Report[];
  rejected: Rejection[];
  /**
   * Every passage of every report by id (`passages.at(p.id)` equals p); after a reload, an id no
   * passage holds (a removed one's) is a hole. Its length is the id space, not the passage count.
   */
  passages: PassageDirectory;
  /** Alias groups read from the corpus folder's alias file. */
  aliases: string[][];
  /** Hash of everything the index depends on: file contents, aliases and loader version. */
  hash: string;
}

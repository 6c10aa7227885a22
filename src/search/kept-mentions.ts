import type { Corpus, Passage, Report } from "../corpus/types.js";
import type { DatePrecision } from "../temporal/index.js";

/**
 * The date mentions a corpus already keeps for its passages (read by the date parser when its
 * reports were parsed, or saved in its snapshot: src/mentions.ts), so a dated question reads them
 * instead of parsing its candidates' dates again: the date parser was most of a first dated
 * question's time. Registered by whoever keeps them; here so the search never imports the timeline.
 */

/** A date a passage names: the first day of its period and how long the period is. */
export interface KeptMention {
  day: string;
  precision: DatePrecision;
}

/**
 * Every date the parser finds in a passage (`findTemporalMentions` over its text, against its
 * date) but its timestamps (`isTimestamp`), or null where the corpus does not hold the passage.
 */
export type KeptMentionsOf = (passage: Passage) => readonly KeptMention[] | null;

/** A date one of a report's passages names, with that passage's ordinal. */
export interface KeptReportMention extends KeptMention {
  ordinal: number;
}

/**
 * Every kept mention of a report's passages, timestamps left out: every date in it is one the
 * passage tells.
 */
export type KeptReportMentionsOf = (report: Report) => readonly KeptReportMention[];

const keptByCorpus = new WeakMap<Corpus, { ofPassage: KeptMentionsOf; ofReport: KeptReportMentionsOf }>();

export function keepMentions(corpus: Corpus, ofPassage: KeptMentionsOf, ofReport: KeptReportMentionsOf): void {
  keptByCorpus.set(corpus, { ofPassage, ofReport });
}

/** The kept mentions of one of `corpus`'s passages, or null when they must be read from its text. */
export function keptMentions(corpus: Corpus, passage: Passage): readonly KeptMention[] | null {
  return keptByCorpus.get(corpus)?.ofPassage(passage) ?? null;
}

/** A report's kept mentions, each with its passage's ordinal; null when the corpus keeps none. */
export function keptReportMentions(corpus: Corpus, report: Report): readonly KeptReportMention[] | null {
  return keptByCorpus.get(corpus)?.ofReport(report) ?? null;
}

import type { Corpus, Passage, Report } from "../corpus/types.js";
import { PagedList, type ReadonlyPagedList } from "../paged-list.js";
import {
  type KeptMention,
  type KeptReportMention,
  type KeptReportMentionsOf,
  keepMentions,
} from "../search/kept-mentions.js";
import { findTemporalMentions, type TemporalMention } from "../temporal/index.js";
import { drain, runSliced, type Slicer } from "../time-slice.js";
import { isTimestamp } from "../corpus/sentences.js";

/**
 * Temporal mentions of every passage, resolved against its report's publication date. Computed once
 * per corpus object and cached: the bot and the digests ask for timelines over the same corpus.
 * Timestamps (datelines, clock-stamped dates) are left out: they date the writing, not an event.
 * Reader comments never get here: the parser cuts them (src/corpus/parse.ts).
 */
export interface PassageMention {
  passage: Passage;
  mention: DateMention;
}

/**
 * A date a passage names, offsets within the passage's text: a temporal mention without its
 * phrase, which nothing reads once the mention is kept (the text is the passage's, from `start` to
 * `end`), and which at a million passages was 135k strings to keep and, from a snapshot, a read of
 * every text that names a date.
 */
export type DateMention = Omit<TemporalMention, "text">;

/**
 * Every passage's mentions, by passage id (undefined at an id no passage holds), the passage being
 * the id's: a list holds no passage object, since at a million passages the 135k pairs and the
 * passages they held were an eighth of the heap's objects (docs/measurements.md). Offsets are within
 * the passage's text. Paged, so that a reload's list shares the entries of every report it left as
 * it was (updateMentions).
 */
export type MentionsByPassage = PagedList<DateMention[]>;
/** What timelines read of it. */
export type MentionsOf = ReadonlyPagedList<readonly DateMention[]>;

/** The promise, so a second timeline asked for while the first finds the mentions waits for that work. */
/** Mentions known for a corpus: remembered from its parse or snapshot, or found by a timeline. */
const known = new WeakMap<Corpus, MentionsByPassage>();
/** Searches under way, so two timelines at once share one. */
const pending = new WeakMap<Corpus, Promise<MentionsByPassage>>();

/**
 * Gives questions `corpus`'s mentions (kept-mentions.ts), per passage. Timestamps are left out of
 * them as out of timelines: a question's period reads when a report was written from its date.
 */
export function keepForQuestions(
  corpus: Corpus,
  mentionsOf: (passage: Passage) => readonly KeptMention[],
  reportMentionsOf: KeptReportMentionsOf,
): void {
  keepMentions(corpus, (passage) => (corpus.passages.holds(passage) ? mentionsOf(passage) : null), reportMentionsOf);
}

/**
 * The dates one passage of `report` names (see the module comment). `before`: the previous
 * passage's, whose last day a count at this one's head counts from ("It sank two days later.").
 */
export function findPassageMentions(
  report: Report,
  passage: Passage,
  before: readonly DateMention[] | undefined,
): DateMention[] {
  const text = report.text.slice(passage.start, passage.end);
  const kept: DateMention[] = [];
  const dayBefore = before?.findLast((mention) => mention.precision === "day") ?? null;
  for (const mention of findTemporalMentions(text, passage.date, { dayBefore })) {
    if (isTimestamp(text, mention)) continue;
    const { start, end, date, precision, day, relative } = mention;
    kept.push({ start, end, date, precision, day, relative });
  }
  return kept;
}

/**
 * Every passage's mentions, by passage id. A corpus opened by `openCorpus` or reloaded has them
 * already (read when its reports were parsed, kept in the snapshot: `rememberMentions`); any other
 * corpus has them read here, once, giving way between slices.
 */
export function mentionsByPassage(corpus: Corpus, slicer: Slicer): Promise<MentionsByPassage> {
  const ready = known.get(corpus);
  if (ready) return Promise.resolve(ready);
  const running = pending.get(corpus);
  if (running) return running;
  const found = runSliced(mentionSteps(corpus), slicer).then((all) => {
    rememberMentions(corpus, all);
    return all;
  });
  pending.set(corpus, found);
  // A failed search is not kept: the next timeline tries again.
  found.then(
    () => pending.delete(corpus),
    () => pending.delete(corpus),
  );
  return found;
}

/**
 * The mentions of a corpus whose mentions are known (`rememberMentions`), as when it is saved or
 * reloaded; any other corpus has them read here at once, without giving way.
 */
export function knownMentions(corpus: Corpus): MentionsByPassage {
  const ready = known.get(corpus);
  if (ready) return ready;
  const all = drain(mentionSteps(corpus));
  rememberMentions(corpus, all);
  return all;
}

/** Steps that make a corpus's mentions: from its snapshot's when it has them (`rememberSavedMentions`), else chrono's. */
function mentionSteps(corpus: Corpus): Generator<void, MentionsByPassage> {
  return saved.get(corpus)?.() ?? findMentions(corpus);
}

/** Chrono over every passage, a step per passage: seconds on a large corpus, so callers may give way between steps. */
function* findMentions(corpus: Corpus): Generator<void, MentionsByPassage> {
  // By id, report by report: a reloaded corpus's passage list has holes where removed passages were.
  const all = PagedList.of<DateMention[]>(corpus.passages.length);
  for (const report of corpus.reports) {
    let before: DateMention[] | undefined;
    for (const passage of report.passages) {
      before = findPassageMentions(report, passage, before);
      all.set(passage.id, before);
      yield;
    }
  }
  return all;
}

/**
 * Gives `corpus` its mentions, by passage id (read when its reports were parsed, or found here), for
 * timelines and for questions' date phrases (kept-mentions.ts).
 */
export function rememberMentions(corpus: Corpus, all: MentionsByPassage): void {
  known.set(corpus, all);
  keepForQuestions(
    corpus,
    (passage) => all.get(passage.id) ?? [],
    (report) => {
      const { firstId, length } = report.passages;
      const found: KeptReportMention[] = [];
      for (let ordinal = 0; ordinal < length; ordinal++)
        for (const { day, precision } of all.get(firstId + ordinal) ?? []) found.push({ ordinal, day, precision });
      return found;
    },
  );
}

/**
 * Mentions a snapshot keeps, checked already, made into objects (and their texts read) only when
 * first asked for: a start answers questions before any timeline needs them.
 */
const saved = new WeakMap<Corpus, () => Generator<void, MentionsByPassage>>();

/** Gives `corpus` its mentions as the steps that make them from what its snapshot kept. */
export function rememberSavedMentions(corpus: Corpus, steps: () => Generator<void, MentionsByPassage>): void {
  saved.set(corpus, steps);
}

import type { Corpus, Passage, Report } from "./corpus/types.js";
import { precisionOf } from "./temporal/index.js";
import type { Slicer } from "./time-slice.js";
import type { KeptMention, KeptReportMention } from "./search/kept-mentions.js";
import { PagedList } from "./paged-list.js";
import {
  type DateMention,
  findPassageMentions,
  keepForQuestions,
  type MentionsByPassage,
  mentionsByPassage,
  type MentionsOf,
  rememberMentions,
  rememberSavedMentions,
} from "./timeline/mentions.js";

/**
 * The dates every passage names, read when its report is parsed (chrono over a million passages
 * takes about 24 s, too long to wait for at the first timeline): kept in the snapshot, and on a
 * reload read only for the reports that were parsed again or given another date. Here, between
 * the corpus and the timeline, because the corpus may not import the timeline.
 */

/**
 * Every passage's mentions as saved in the snapshot (binary tables and a list of dates): per
 * report in corpus order, `counts` says how many mentions it has; `numbers` holds them all, flat,
 * six numbers each: [passage ordinal, start, end, date, day, relative 0/1], where date and day are
 * positions in `dates`.
 */
export interface SavedMentions {
  counts: Uint32Array;
  numbers: Uint32Array;
  dates: string[];
}

const NUMBERS_PER_MENTION = 6;

/**
 * `next`'s mentions from `previous`'s: reports in `fresh` (parsed again, or given another date)
 * are read again; every other report's are reused (moved to its passages' new ids on the rare reload
 * that numbers every passage again: see updateSteps in src/corpus/load.ts). `previousReport` finds
 * a report of `previous` by id (the served index keeps that map: a new one of 20k reports took
 * 12–16 ms in one piece). The list is derived from the previous one (PagedList): a report whose
 * passages are the previous report's, ids and all (most reports of most reloads), costs nothing.
 */
export async function updateMentions(
  previous: Corpus,
  previousReport: (id: string) => Report | undefined,
  next: Corpus,
  fresh: ReadonlySet<string>,
  slicer: Slicer,
): Promise<void> {
  const before = await mentionsByPassage(previous, slicer);
  const all = before.derive(next.passages.length);
  const nextReports = new Map(next.reports.map((report) => [report.id, report]));
  // The ids of passages no longer served (reports removed, or parsed again: their new passages have
  // new ids) hold nothing, as in a list made afresh. First, since a renumbering reload may give one
  // of those ids to another passage.
  for (const [i, report] of previous.reports.entries()) {
    if (nextReports.get(report.id)?.passages !== report.passages) {
      // Ids past the new end are gone with it (a renumbering reload may shorten the id space).
      const { firstId, length } = report.passages;
      for (let id = firstId; id < Math.min(firstId + length, all.length); id++) all.set(id, undefined);
    }
    if (i % 256 === 255 && slicer.due()) await slicer.giveWay();
  }
  for (const report of next.reports) {
    const old = fresh.has(report.id) ? undefined : previousReport(report.id);
    const { passages } = report;
    // The same passages, ids and all: their mentions are the previous list's, shared.
    if (old && old.passages === passages) continue;
    for (let ordinal = 0; ordinal < passages.length; ordinal++) {
      // A kept report's passage has the same text and date as before, whatever its id: its
      // mentions (offsets within the passage) are the previous ones, shared.
      const kept = old && ordinal < old.passages.length ? before.get(old.passages.firstId + ordinal) : undefined;
      if (kept) all.set(passages.firstId + ordinal, kept);
      else {
        const passage = passages.at(ordinal) as Passage;
        const previous = ordinal > 0 ? all.get(passages.firstId + ordinal - 1) : undefined;
        all.set(passage.id, findPassageMentions(report, passage, previous));
        // Reading dates (chrono) is the slow part: a report's worth could be a long block.
        if (slicer.due()) await slicer.giveWay();
      }
    }
    if (slicer.due()) await slicer.giveWay();
  }
  rememberMentions(next, all);
}

/**
 * The saved form of `corpus`'s mentions (`all` is its mentionsByPassage), yielding every few dozen
 * reports (a million passages' mentions take a while). Counted first, so the numbers go straight
 * into their table: a list of millions of numbers grew by copies of itself, each one block.
 */
export function* savedMentionsSteps(corpus: Corpus, all: MentionsOf): Generator<void, SavedMentions> {
  const counts = new Uint32Array(corpus.reports.length);
  let total = 0;
  for (const [i, report] of corpus.reports.entries()) {
    let count = 0;
    const { firstId, length } = report.passages;
    for (let id = firstId; id < firstId + length; id++) count += all.get(id)?.length ?? 0;
    counts[i] = count;
    total += count;
    if (i % 64 === 63) yield;
  }
  const numbers = new Uint32Array(total * NUMBERS_PER_MENTION);
  let at = 0;
  const dates: string[] = [];
  const dateIndex = new Map<string, number>();
  const indexOf = (date: string) => {
    let index = dateIndex.get(date);
    if (index === undefined) dateIndex.set(date, (index = dates.push(date) - 1));
    return index;
  };
  for (const [i, report] of corpus.reports.entries()) {
    const { firstId, length } = report.passages;
    for (let ordinal = 0; ordinal < length; ordinal++) {
      for (const m of all.get(firstId + ordinal) ?? []) {
        numbers[at++] = ordinal;
        numbers[at++] = m.start;
        numbers[at++] = m.end;
        numbers[at++] = indexOf(m.date);
        numbers[at++] = indexOf(m.day);
        numbers[at++] = m.relative ? 1 : 0;
      }
    }
    if (i % 32 === 31) yield;
  }
  return { counts, numbers, dates };
}

/**
 * Per report of `corpus`, in order, where its saved mentions are in the table of numbers: from
 * `from` up to `to` (`counts` mentions of NUMBERS_PER_MENTION numbers each, report after report).
 */
function* savedMentionRanges(
  corpus: Corpus,
  counts: Uint32Array,
): Generator<{ report: Report; index: number; from: number; to: number }> {
  let from = 0;
  for (const [index, report] of corpus.reports.entries()) {
    const to = from + (counts[index] as number) * NUMBERS_PER_MENTION;
    yield { report, index, from, to };
    from = to;
  }
}

/** A saved mention that does not fit its passage: the snapshot is not of this corpus. */
export class MentionsMismatchError extends Error {
  override name = "MentionsMismatchError";
}

/**
 * The mentions of every passage that names no date, most of them: one list for them all instead of
 * a million empty ones at a million passages. Frozen, since it is shared: readers of the mentions
 * only read, and a writer would fail loudly instead of giving every passage its date.
 */
const NO_MENTIONS = Object.freeze([]) as unknown as DateMention[];

/**
 * Gives `corpus` the mentions saved with it, checking now that each fits its passage; the mention
 * objects are made when a timeline or a save first needs them (restoredMentionSteps), not at start.
 */
export function restoreMentions(corpus: Corpus, saved: SavedMentions): void {
  const { counts, numbers, dates } = saved;
  if (counts.length !== corpus.reports.length) throw new MentionsMismatchError("one count of mentions per report");
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (numbers.length !== total * NUMBERS_PER_MENTION) {
    throw new MentionsMismatchError(`${numbers.length} numbers for ${total} mentions`);
  }
  for (const { report, from, to } of savedMentionRanges(corpus, counts)) {
    for (let at = from; at < to; at += NUMBERS_PER_MENTION) {
      const passage = report.passages.at(numbers[at] as number);
      const fitting = passage && fits(passage, numbers[at + 1] as number, numbers[at + 2] as number);
      if (
        !fitting ||
        dates[numbers[at + 3] as number] === undefined ||
        dates[numbers[at + 4] as number] === undefined
      ) {
        throw new MentionsMismatchError(`${report.file}: a saved date mention does not fit its passage`);
      }
    }
  }
  rememberSavedMentions(corpus, () => restoredMentionSteps(corpus, saved));
  const kept = savedMentionsOf(corpus, saved);
  keepForQuestions(corpus, kept.ofPassage, kept.ofReport);
}

/**
 * A passage's (or a whole report's) saved mentions read straight from the tables, without the
 * objects a timeline makes of them all: what a dated question reads of its candidates
 * (kept-mentions.ts). Where each report's mentions are is found on first use.
 */
function savedMentionsOf(
  corpus: Corpus,
  saved: SavedMentions,
): { ofPassage: (passage: Passage) => KeptMention[]; ofReport: (report: Report) => KeptReportMention[] } {
  const { counts, numbers, dates } = saved;
  let rangeOf: Map<string, { from: number; to: number }> | null = null;
  const read = (reportId: string, ordinal: number | null): KeptReportMention[] => {
    rangeOf ??= new Map(
      Array.from(savedMentionRanges(corpus, counts), ({ report, from, to }) => [report.id, { from, to }]),
    );
    const range = rangeOf.get(reportId);
    const found: KeptReportMention[] = [];
    if (!range) return found;
    for (let at = range.from; at < range.to; at += NUMBERS_PER_MENTION) {
      const named = numbers[at] as number;
      if (ordinal !== null && named !== ordinal) continue;
      found.push({
        ordinal: named,
        day: dates[numbers[at + 4] as number] as string,
        precision: precisionOf(dates[numbers[at + 3] as number] as string),
      });
    }
    return found;
  };
  return {
    ofPassage: (passage) => read(passage.reportId, passage.ordinal),
    ofReport: (report) => read(report.id, null),
  };
}

/** The mentions restoreMentions checked, as objects: a step per few hundred reports. */
function* restoredMentionSteps(corpus: Corpus, saved: SavedMentions): Generator<void, MentionsByPassage> {
  const { counts, numbers, dates } = saved;
  // A restored corpus has no holes: every id holds a passage.
  const all = PagedList.of<DateMention[]>(corpus.passages.length, NO_MENTIONS);
  for (const { report, index, from, to } of savedMentionRanges(corpus, counts)) {
    const { passages } = report;
    for (let at = from; at < to; at += NUMBERS_PER_MENTION) {
      const id = passages.firstId + (numbers[at] as number);
      const start = numbers[at + 1] as number;
      const stop = numbers[at + 2] as number;
      const date = dates[numbers[at + 3] as number] as string;
      const mention: DateMention = {
        start,
        end: stop,
        date,
        precision: precisionOf(date),
        day: dates[numbers[at + 4] as number] as string,
        relative: numbers[at + 5] === 1,
      };
      const list = all.get(id);
      if (list === NO_MENTIONS || list === undefined) all.set(id, [mention]);
      else list.push(mention);
    }
    if (index % 256 === 255) yield;
  }
  return all;
}

function fits(passage: Passage, start: number, end: number): boolean {
  return start >= 0 && end > start && end <= passage.end - passage.start;
}

import type { Corpus, Passage, Report } from "./corpus/types.js";
import { precisionOf } from "./temporal/index.js";
import type { Slicer } from "./time-slice.js";
import { findPassageMentions, knownMentions, type PassageMention, rememberMentions } from "./timeline/mentions.js";

/**
 * The dates every passage names, read when its report is parsed (chrono over a million passages
 * takes about 24 s, too long to wait for at the first timeline): kept in the snapshot, and on a
 * reload read only for the reports that were parsed again or given another date. Here, between
 * the corpus and the timeline, because the corpus may not import the timeline.
 */

/** Per report (in corpus order), its mentions flat: [passage ordinal, start, end, date, day, relative 0/1]. */
export type SavedMentions = (string | number)[][];

/**
 * `next`'s mentions from `previous`'s: reports in `fresh` (parsed again, or given another date)
 * are read again; every other report's are reused, moved to its passages' new ids.
 */
export async function updateMentions(
  previous: Corpus,
  next: Corpus,
  fresh: ReadonlySet<string>,
  slicer: Slicer,
): Promise<void> {
  const before = knownMentions(previous);
  const previousById = new Map(previous.reports.map((r) => [r.id, r]));
  const all: PassageMention[][] = [];
  for (const report of next.reports) {
    const old = fresh.has(report.id) ? undefined : previousById.get(report.id);
    for (const [ordinal, passage] of report.passages.entries()) {
      const oldPassage = old?.passages[ordinal];
      const kept = oldPassage ? before[oldPassage.id] : undefined;
      if (!kept) all[passage.id] = findPassageMentions(report, passage);
      else all[passage.id] = oldPassage === passage ? kept : kept.map(({ mention }) => ({ passage, mention }));
      if (slicer.due()) await slicer.giveWay();
    }
  }
  rememberMentions(next, all);
}

/** One report's entry of SavedMentions; `all` is its corpus's mentionsByPassage. */
export function savedMentionsOf(report: Report, all: readonly PassageMention[][]): (string | number)[] {
  return report.passages.flatMap((passage) =>
    (all[passage.id] ?? []).flatMap(({ mention: m }) => [
      passage.ordinal,
      m.start,
      m.end,
      m.date,
      m.day,
      m.relative ? 1 : 0,
    ]),
  );
}

/** A saved mention that does not fit its passage: the snapshot is not of this corpus. */
export class MentionsMismatchError extends Error {
  override name = "MentionsMismatchError";
}

/** Gives `corpus` the mentions saved with it, checking each fits its passage. */
export function restoreMentions(corpus: Corpus, saved: SavedMentions): void {
  if (saved.length !== corpus.reports.length) throw new MentionsMismatchError("one list of mentions per report");
  const all: PassageMention[][] = corpus.passages.map(() => []);
  corpus.reports.forEach((report, i) => {
    const flat = saved[i] ?? [];
    for (let j = 0; j + 5 < flat.length; j += 6) {
      const [ordinal, start, end, date, day, relative] = flat.slice(j, j + 6);
      const passage = typeof ordinal === "number" ? report.passages[ordinal] : undefined;
      if (
        !passage ||
        typeof start !== "number" ||
        typeof end !== "number" ||
        !fits(passage, start, end) ||
        typeof date !== "string" ||
        typeof day !== "string"
      ) {
        throw new MentionsMismatchError(`${report.file}: a saved date mention does not fit its passage`);
      }
      const text = report.text.slice(passage.start + start, passage.start + end);
      const mention = { start, end, text, date, precision: precisionOf(date), day, relative: relative === 1 };
      all[passage.id]?.push({ passage, mention });
    }
  });
  rememberMentions(corpus, all);
}

function fits(passage: Passage, start: number, end: number): boolean {
  return (
    Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= passage.end - passage.start
  );
}

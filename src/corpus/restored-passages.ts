import type { Corpus, Passage, Report } from "./types.js";

/**
 * The passages of a corpus restored from a snapshot, made when something first reads them rather
 * than at start: a report's `passages` are made from its saved spans (a view of the snapshot's
 * table) the first time they are read, and the corpus's `passages` (every report's, by id) the first
 * time that is read. Making all 136k passage objects of Timeline17 at start, and the collections
 * they cost, was a tenth of a start's CPU, while a question reads the passages of a few dozen
 * reports (a timeline or a reload reads them all, then they are made at once, as before). Both
 * properties stay ordinary to their readers: a getter that replaces itself with the list it made,
 * writable like any other (a reload assigns a report's).
 *
 * Readers that must not make them all (the index's start, a question's look-up of a passage by id,
 * the check of saved date mentions) read through the functions below.
 */

/** A report's passages not made yet: what makes them, exactly as restoreCorpus used to at start. */
interface UnmadeReport {
  /** The id of its first passage (ids run on through its passages). */
  first: number;
  /** Flat [start, end, paragraph] triples, checked by restoreCorpus. */
  spans: ArrayLike<number>;
  reportId: string;
  date: string | null;
}

/** A corpus whose `passages` list is not made yet: per report, in order, its first passage id. */
interface UnmadeCorpus {
  count: number;
  firsts: Uint32Array;
}

const unmadeReports = new WeakMap<object, UnmadeReport>();
const unmadeCorpora = new WeakMap<object, UnmadeCorpus>();

function keep<T>(target: object, key: string, value: T): T {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** One getter and setter for every restored report: objects built alike keep one shape. */
function madeReportPassages(this: object): Passage[] {
  const unmade = unmadeReports.get(this);
  unmadeReports.delete(this);
  const passages: Passage[] = [];
  if (unmade) {
    const { first, spans, reportId, date } = unmade;
    for (let i = 0; i + 2 < spans.length; i += 3) {
      const ordinal = i / 3;
      passages.push({
        id: first + ordinal,
        reportId,
        ordinal,
        paragraph: spans[i + 2] as number,
        start: spans[i] as number,
        end: spans[i + 1] as number,
        date,
      });
    }
  }
  return keep(this, "passages", passages);
}

function setReportPassages(this: object, passages: Passage[]): void {
  unmadeReports.delete(this);
  keep(this, "passages", passages);
}

function madeCorpusPassages(this: Corpus): Passage[] {
  const unmade = unmadeCorpora.get(this);
  unmadeCorpora.delete(this);
  const passages = new Array<Passage>(unmade?.count ?? 0);
  for (const report of this.reports) for (const passage of report.passages) passages[passage.id] = passage;
  return keep(this, "passages", passages);
}

function setCorpusPassages(this: object, passages: Passage[]): void {
  unmadeCorpora.delete(this);
  keep(this, "passages", passages);
}

/**
 * Gives `report` passages made from `spans` when first read (ids from `first`, each with the
 * report's id and `date`). The spans must have been checked.
 */
export function withUnmadePassages<T extends object>(
  report: T,
  first: number,
  spans: ArrayLike<number>,
  reportId: string,
  date: string | null,
): T & { passages: Passage[] } {
  unmadeReports.set(report, { first, spans, reportId, date });
  Object.defineProperty(report, "passages", {
    get: madeReportPassages,
    set: setReportPassages,
    enumerable: true,
    configurable: true,
  });
  return report as T & { passages: Passage[] };
}

/**
 * Gives `corpus` a `passages` list made when first read, from its reports' (each report's passages
 * having ids from the one before's last, as restoreCorpus numbers them); `count` passages in all.
 */
export function withUnmadeCorpusPassages<T extends Omit<Corpus, "passages">>(corpus: T, count: number): Corpus {
  const firsts = new Uint32Array(corpus.reports.length);
  let next = 0;
  for (const [i, report] of corpus.reports.entries()) {
    firsts[i] = next;
    next += reportPassageCount(report);
  }
  unmadeCorpora.set(corpus, { count, firsts });
  Object.defineProperty(corpus, "passages", {
    get: madeCorpusPassages,
    set: setCorpusPassages,
    enumerable: true,
    configurable: true,
  });
  return corpus as unknown as Corpus;
}

/** How many passages a report has, without making them. */
function reportPassageCount(report: Pick<Report, "passages">): number {
  const unmade = unmadeReports.get(report);
  return unmade ? Math.floor(unmade.spans.length / 3) : report.passages.length;
}

/** Where a restored report's passages not made yet are (ids `first` to `first + count - 1`); null once made. */
export function unmadePassageRange(report: object): { first: number; count: number } | null {
  const unmade = unmadeReports.get(report);
  return unmade ? { first: unmade.first, count: Math.floor(unmade.spans.length / 3) } : null;
}

/** How many passages a corpus has, without making them. */
export function corpusPassageCount(corpus: Corpus): number {
  return unmadeCorpora.get(corpus)?.count ?? corpus.passages.length;
}

/** `corpus.passages[id]`, making only its report's passages when the corpus's are not made yet. */
export function passageById(corpus: Corpus, id: number): Passage | undefined {
  const unmade = unmadeCorpora.get(corpus);
  if (!unmade) return corpus.passages[id];
  if (!Number.isInteger(id) || id < 0 || id >= unmade.count) return undefined;
  // The last report starting at or before `id` (an empty report shares its successor's first id).
  const { firsts } = unmade;
  let low = 0;
  let high = firsts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((firsts[middle] as number) <= id) low = middle;
    else high = middle - 1;
  }
  return corpus.reports[low]?.passages[id - (firsts[low] as number)];
}

/** The length of a report's passage `ordinal` (undefined when it has none such), without making its passages. */
export function passageLength(report: Pick<Report, "passages">, ordinal: number): number | undefined {
  const unmade = unmadeReports.get(report);
  if (!unmade) {
    const passage = report.passages[ordinal];
    return passage && passage.end - passage.start;
  }
  if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal * 3 + 2 >= unmade.spans.length) return undefined;
  return (unmade.spans[ordinal * 3 + 1] as number) - (unmade.spans[ordinal * 3] as number);
}

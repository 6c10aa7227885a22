/**
 * Passages kept as columns of numbers, not as an object each. At a million passages the objects were
 * a third of the heap's objects (942k of 2.6 million), and a full collection's final pause, which on
 * a starved machine marks whatever the helper threads did not, grows with what there is to mark
 * (docs/measurements.md, "Live reload"). A report's passages are one `Uint32Array` of
 * [start, end, paragraph] triples, the snapshot's own table when restored from one; a `Passage`
 * object is made each time one is read, so passages are compared by `id`, never by identity.
 */
import type { Passage } from "./types.js";

/** Numbers per passage in a spans table: start, end, paragraph. */
const FIELDS = 3;

/** One report's passages, ordinals 0 … length-1 with ids `firstId + ordinal` (a report's ids are consecutive). */
export class ReportPassages implements Iterable<Passage> {
  private constructor(
    readonly reportId: string,
    readonly firstId: number,
    /** [start, end, paragraph] per passage, in ordinal order. Never written after construction. */
    readonly spans: Uint32Array,
    /**
     * The report's publication date, which every passage carries. Written only while a corpus is
     * being made (an inferred date, `inferPublicationDates`), before anything reads it.
     */
    public date: string | null,
  ) {}

  /** Passages from a spans table (taken, not copied). */
  static fromSpans(reportId: string, firstId: number, spans: Uint32Array, date: string | null): ReportPassages {
    if (spans.length % FIELDS !== 0) throw new Error(`sitrep: ${reportId}: a spans table holds triples`);
    return new ReportPassages(reportId, firstId, spans, date);
  }

  /** Passages from their spans, in order (`paragraph` as the parser numbered it). */
  static of(
    reportId: string,
    firstId: number,
    spans: readonly { start: number; end: number; paragraph: number }[],
    date: string | null,
  ): ReportPassages {
    const table = new Uint32Array(spans.length * FIELDS);
    spans.forEach((span, i) => {
      table[i * FIELDS] = span.start;
      table[i * FIELDS + 1] = span.end;
      table[i * FIELDS + 2] = span.paragraph;
    });
    return new ReportPassages(reportId, firstId, table, date);
  }

  get length(): number {
    return this.spans.length / FIELDS;
  }

  /** The passage at `ordinal`, made now; undefined outside the report. */
  at(ordinal: number): Passage | undefined {
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.length) return undefined;
    const at = ordinal * FIELDS;
    return {
      id: this.firstId + ordinal,
      reportId: this.reportId,
      ordinal,
      paragraph: this.spans[at + 2] as number,
      start: this.spans[at] as number,
      end: this.spans[at + 1] as number,
      date: this.date,
    };
  }

  /** Whether `id` is one of these passages'. */
  holdsId(id: number): boolean {
    return id >= this.firstId && id < this.firstId + this.length;
  }

  /** Whether `passage` is one of these, as they are now (same report, id, span and date). */
  holds(passage: Passage): boolean {
    const ordinal = passage.id - this.firstId;
    return (
      passage.reportId === this.reportId &&
      passage.date === this.date &&
      ordinal === passage.ordinal &&
      this.holdsId(passage.id) &&
      this.spans[ordinal * FIELDS] === passage.start &&
      this.spans[ordinal * FIELDS + 1] === passage.end
    );
  }

  *[Symbol.iterator](): Iterator<Passage> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as Passage;
  }

  /** Passages `from` … `to` (exclusive, clipped), as objects. */
  slice(from = 0, to = this.length): Passage[] {
    const out: Passage[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) out.push(this.at(i) as Passage);
    return out;
  }

  toArray(): Passage[] {
    return this.slice();
  }

  /** The same passages numbered from `firstId` (the spans shared). */
  renumbered(firstId: number): ReportPassages {
    return firstId === this.firstId ? this : new ReportPassages(this.reportId, firstId, this.spans, this.date);
  }

  /** The same passages carrying another date (the spans shared). */
  withDate(date: string | null): ReportPassages {
    return new ReportPassages(this.reportId, this.firstId, this.spans, date);
  }
}

/**
 * Every passage of a corpus by id: each report's passages are a run of consecutive ids, found by a
 * binary search over the runs' first ids. After a reload an id no passage holds (a removed one's)
 * is a hole; `length` is the id space, not the passage count.
 */
export class PassageDirectory implements Iterable<Passage> {
  private constructor(
    readonly length: number,
    /** Runs in order of first id, empty ones left out. */
    private readonly runs: readonly ReportPassages[],
    private readonly firstIds: Uint32Array,
  ) {}

  /** The directory of `runs` (one per report, any order), over ids 0 … `idSpace`-1. */
  static of(runs: Iterable<ReportPassages>, idSpace: number): PassageDirectory {
    const sorted = [...runs].filter((run) => run.length > 0).sort((a, b) => a.firstId - b.firstId);
    const firstIds = new Uint32Array(sorted.length);
    let end = 0;
    sorted.forEach((run, i) => {
      if (run.firstId < end) throw new Error(`sitrep: passage ids of ${run.reportId} overlap another report's`);
      firstIds[i] = run.firstId;
      end = run.firstId + run.length;
    });
    if (end > idSpace) throw new Error(`sitrep: passage ids run past the id space (${end} > ${idSpace})`);
    return new PassageDirectory(idSpace, sorted, firstIds);
  }

  /** The run holding passage `id`, or undefined (a hole, or outside the id space). */
  runOf(id: number): ReportPassages | undefined {
    if (!Number.isInteger(id) || id < 0 || id >= this.length) return undefined;
    let low = 0;
    let high = this.firstIds.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((this.firstIds[middle] as number) <= id) low = middle + 1;
      else high = middle - 1;
    }
    const run = this.runs[high];
    return run?.holdsId(id) ? run : undefined;
  }

  /** Whether `passage` is this corpus's as it is now (same report, id, span and date): `ReportPassages.holds`. */
  holds(passage: Passage): boolean {
    return this.runOf(passage.id)?.holds(passage) === true;
  }

  /** Passage `id`, made now; undefined at a hole. */
  at(id: number): Passage | undefined {
    const run = this.runOf(id);
    return run?.at(id - run.firstId);
  }

  /** Every passage in id order. */
  *[Symbol.iterator](): Iterator<Passage> {
    for (const run of this.runs) yield* run;
  }
}

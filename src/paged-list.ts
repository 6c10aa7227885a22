/**
 * A list by index, kept in pages, that a new version shares with the one it came from: `derive`
 * copies only the table of pages, and a write copies its page the first time (copy on write). For
 * a value per passage id that a reload makes anew (a million entries at a million passages) while
 * changing the entries of a few reports: a fresh list cost a million stores and tens of
 * milliseconds of fresh memory per reload, a derived one costs what changed.
 */
export interface ReadonlyPagedList<T> extends Iterable<T | undefined> {
  readonly length: number;
  /** The entry at `index`, or undefined (never set, cleared, or outside the list). */
  get(index: number): T | undefined;
}

/** Entries per page: copying one on a first write is a few microseconds. */
const PAGE_BITS = 12;
const PAGE_SIZE = 1 << PAGE_BITS;

export class PagedList<T> implements ReadonlyPagedList<T> {
  private constructor(
    readonly length: number,
    /** Page p holds entries p × PAGE_SIZE …; undefined while none of them was set. */
    private readonly pages: ((T | undefined)[] | undefined)[],
    /** Per page, whether this list made it (else it is shared and copied before a write). */
    private readonly own: boolean[],
  ) {}

  /** A list of `length` entries, each `fill` (undefined: none set). */
  static of<T>(length: number, fill?: T): PagedList<T> {
    const pageCount = Math.ceil(length / PAGE_SIZE);
    // Filled up to the end only: no list holds entries past its end (see derive).
    const pages = Array.from({ length: pageCount }, (_, p) =>
      fill === undefined
        ? undefined
        : new Array<T | undefined>(PAGE_SIZE).fill(fill, 0, Math.min(PAGE_SIZE, length - p * PAGE_SIZE)),
    );
    return new PagedList<T>(length, pages, new Array<boolean>(pageCount).fill(true));
  }

  get(index: number): T | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    return this.pages[index >>> PAGE_BITS]?.[index & (PAGE_SIZE - 1)];
  }

  /** Every entry in order, 0 … length − 1, undefined where none is. */
  *[Symbol.iterator](): Iterator<T | undefined> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  set(index: number, value: T | undefined): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.length)) {
      throw new RangeError(`Sitrep: index ${index} is outside a list of ${this.length}`);
    }
    const p = index >>> PAGE_BITS;
    let page = this.pages[p];
    if (!this.own[p] || page === undefined) {
      page = page ? page.slice() : new Array<T | undefined>(PAGE_SIZE);
      this.pages[p] = page;
      this.own[p] = true;
    }
    page[index & (PAGE_SIZE - 1)] = value;
  }

  /**
   * A list of `length` entries holding this one's (those beyond `length` left out), sharing its
   * pages until written to. This list must not be written to afterwards: the new one would see it.
   */
  derive(length: number): PagedList<T> {
    const pageCount = Math.ceil(length / PAGE_SIZE);
    const pages = Array.from({ length: pageCount }, (_, p) => this.pages[p]);
    const derived = new PagedList<T>(length, pages, new Array<boolean>(pageCount).fill(false));
    // No list holds entries past its end, so a longer list derived from this one later finds none
    // there: those of a shared last page past the new end are cleared.
    for (let i = length; i < Math.min(this.length, pageCount * PAGE_SIZE); i++) {
      if (this.get(i) !== undefined) derived.clearBeyondEnd(i);
    }
    return derived;
  }

  private clearBeyondEnd(index: number): void {
    const p = index >>> PAGE_BITS;
    const page = this.pages[p];
    if (!page) return;
    if (!this.own[p]) {
      this.pages[p] = page.slice();
      this.own[p] = true;
    }
    (this.pages[p] as (T | undefined)[])[index & (PAGE_SIZE - 1)] = undefined;
  }
}

/**
 * Typed arrays that one snapshot save after another writes into, instead of new ones each time.
 *
 * A save after a reload makes the snapshot's big tables afresh only to write them out: at a million
 * passages about 120 MB (the merged postings, 69 MB; the passages' spans and compared lines, 35 MB).
 * An ArrayBuffer lives outside the JS heap, but V8 counts it as external memory, and that much of it
 * starts a full collection ("external memory pressure"): a save cost one or two full collections
 * more, and on a busy machine a full collection's final pause is what pushed a reload's longest
 * block over 100 ms (docs/measurements.md, "Live reload"). Reused, a save allocates none after the
 * first, for the cost of keeping those tables while the process lives.
 *
 * Written by hand: a pool of a few named buffers is a dozen lines, and no maintained library gives
 * typed-array views over a kept buffer.
 */

/**
 * Makes the typed arrays a save writes. Contents are unspecified: the caller writes every entry it
 * reads back, or fills the table first.
 */
export interface TableMaker {
  uint16(name: string, length: number): Uint16Array;
  uint32(name: string, length: number): Uint32Array;
  int32(name: string, length: number): Int32Array;
  float64(name: string, length: number): Float64Array;
}

/** New arrays every time: what callers get when no reuse is wanted (a fold's new base, a test's snapshot). */
export const FRESH_TABLES: TableMaker = {
  uint16: (_name, length) => new Uint16Array(length),
  uint32: (_name, length) => new Uint32Array(length),
  int32: (_name, length) => new Int32Array(length),
  float64: (_name, length) => new Float64Array(length),
};

/** Room made beyond the length asked for, so that a corpus growing by a few reports keeps its buffers. */
const HEADROOM = 1.25;

/**
 * One buffer per name, kept and handed out again as a view of the length asked for; made anew
 * (with headroom) when too small, and when less than half of it would be used, so that a corpus
 * that shrank does not keep its largest tables for good.
 */
export class ReusedTables implements TableMaker {
  private readonly buffers = new Map<string, ArrayBuffer>();

  uint16(name: string, length: number): Uint16Array {
    return new Uint16Array(this.bufferFor(name, length, Uint16Array.BYTES_PER_ELEMENT), 0, length);
  }

  uint32(name: string, length: number): Uint32Array {
    return new Uint32Array(this.bufferFor(name, length, Uint32Array.BYTES_PER_ELEMENT), 0, length);
  }

  int32(name: string, length: number): Int32Array {
    return new Int32Array(this.bufferFor(name, length, Int32Array.BYTES_PER_ELEMENT), 0, length);
  }

  float64(name: string, length: number): Float64Array {
    return new Float64Array(this.bufferFor(name, length, Float64Array.BYTES_PER_ELEMENT), 0, length);
  }

  /** Bytes kept in all, for tests and benchmarks. */
  get keptBytes(): number {
    let bytes = 0;
    for (const buffer of this.buffers.values()) bytes += buffer.byteLength;
    return bytes;
  }

  private bufferFor(name: string, length: number, bytesPerElement: number): ArrayBuffer {
    const needed = length * bytesPerElement;
    const kept = this.buffers.get(name);
    if (kept && kept.byteLength >= needed && kept.byteLength <= 2 * needed) return kept;
    // A buffer already too small for the length asked for would be of no use to the next save either.
    const buffer = new ArrayBuffer(Math.ceil(length * HEADROOM) * bytesPerElement);
    this.buffers.set(name, buffer);
    return buffer;
  }
}

/**
 * Lends one ReusedTables to one save at a time: a save that starts while another holds them (two
 * corpora in one process) gets fresh arrays, so that no save writes into tables another is still
 * writing out.
 */
export class TableLender {
  private readonly tables = new ReusedTables();
  private lent = false;

  async lend<T>(use: (tables: TableMaker) => Promise<T>): Promise<T> {
    if (this.lent) return use(FRESH_TABLES);
    this.lent = true;
    try {
      return await use(this.tables);
    } finally {
      this.lent = false;
    }
  }

  get keptBytes(): number {
    return this.tables.keptBytes;
  }
}

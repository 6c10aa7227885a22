import type { StreamedBytes } from "../table-file.js";
import type { Slicer } from "../time-slice.js";
import { SnapshotMismatchError } from "./load.js";

/**
 * Report texts as a snapshot keeps them, so a start reads one file instead of every report, and
 * decodes a report's text only when something first reads it (a quote, the reranker, a timeline).
 * Decoding every text at start (UTF-8, a million passages' worth) was the largest single cost of a
 * start, and a question reads a few dozen reports. A text whose characters all fit Latin-1 is kept
 * as Latin-1 bytes, any other as UTF-16LE code units: one width per text, so a character at
 * offset i is at byte i (or 2i) and the snapshot's passage offsets are checked against the bytes
 * without decoding anything.
 */
export interface PackedTexts {
  /** The Latin-1 texts, end to end, one byte per character. */
  latin1: Uint8Array;
  /** The other texts, end to end, as UTF-16LE bytes. */
  utf16: Uint8Array;
  /** Per text, [1 if in `utf16` else 0, offset in characters in its blob, length in characters]. */
  places: Uint32Array;
}

function fitsLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/**
 * `files`' texts as the snapshot's tables, a step at a time (a pause every few dozen files, where a
 * writer may give way): the places now, and each blob's bytes as pieces made while they are
 * written, one text at a time through one reused buffer (`StreamedBytes`): at a million passages
 * the texts are a few hundred megabytes, and filling that much fresh memory at every save was most
 * of a save's longest blocks on these machines. A saved text nothing has read yet is copied as its
 * packed bytes, not decoded: a reload's snapshot keeps the texts of unchanged reports as undecoded
 * (off the heap) as the start left them.
 */
export function* textTableSteps(
  files: readonly { text: string }[],
): Generator<void, { latin1: StreamedBytes; utf16: StreamedBytes; places: Uint32Array }> {
  const places = new Uint32Array(files.length * 3);
  let narrowLength = 0;
  let wideLength = 0;
  for (const [i, file] of files.entries()) {
    const source = undecoded(file);
    const wide = source ? source.texts.isWide(source.at) : !fitsLatin1(file.text);
    const length = source ? source.texts.length(source.at) : file.text.length;
    places[i * 3] = wide ? 1 : 0;
    places[i * 3 + 1] = wide ? wideLength : narrowLength;
    places[i * 3 + 2] = length;
    if (wide) wideLength += length;
    else narrowLength += length;
    if (i % 64 === 63) yield;
  }
  let reused = Buffer.alloc(0);
  function* blob(wide: boolean): Generator<Uint8Array> {
    for (const [i, file] of files.entries()) {
      if ((places[i * 3] === 1) !== wide) continue;
      const bytes = (places[i * 3 + 2] as number) * (wide ? 2 : 1);
      if (reused.length < bytes) reused = Buffer.allocUnsafe(Math.max(bytes, 1 << 16, reused.length * 2));
      // Checked again: a question may have decoded it (and the last one closes the file) since.
      const source = undecoded(file);
      if (source) source.texts.copyPacked(source.at, reused, 0);
      else reused.write(file.text, 0, wide ? "utf16le" : "latin1");
      yield reused.subarray(0, bytes);
    }
  }
  return {
    latin1: { length: narrowLength, pieces: () => blob(false) },
    utf16: { length: wideLength * 2, pieces: () => blob(true) },
    places,
  };
}

function undecoded(file: { text: string }): { texts: SavedTexts; at: number } | null {
  const source = savedTextOf(file);
  return source && !source.texts.isDecoded(source.at) ? source : null;
}

/** `files`' texts packed in memory (textTableSteps, each blob gathered whole). */
export function* packTextSteps(files: readonly { text: string }[]): Generator<void, PackedTexts> {
  const { latin1, utf16, places } = yield* textTableSteps(files);
  const gathered = (streamed: StreamedBytes) => {
    const whole = Buffer.allocUnsafe(streamed.length);
    let at = 0;
    for (const piece of streamed.pieces()) {
      whole.set(piece, at);
      at += piece.byteLength;
    }
    return whole;
  };
  return { latin1: gathered(latin1), utf16: gathered(utf16), places };
}

/** Packed bytes: in memory, or left in the snapshot file (see LeftTables) and read when needed. */
export interface PackedBytes {
  readonly length: number;
  /** Bytes [start, end), into `into` when given (valid until the next read into it). */
  read(start: number, end: number, into?: Buffer): Buffer;
}

export function bytesInMemory(bytes: Uint8Array): PackedBytes {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { length: buffer.length, read: (start, end) => buffer.subarray(start, end) };
}

/** Bytes [start, end) of `bytes` in `into` (as long as they are). */
function readInto(bytes: PackedBytes, start: number, end: number, into: Buffer): void {
  const read = bytes.read(start, end, into);
  // Bytes in memory come back as a view of their own; bytes from the file are read into `into`.
  if (read.buffer !== into.buffer || read.byteOffset !== into.byteOffset) read.copy(into);
}

/** Closes a snapshot file kept open for its texts once nothing can read them any more. */
const closeWhenGone = new FinalizationRegistry<() => void>((close) => close());

/** What one read of the packed bytes fetches at most when texts are checked in order. */
const WINDOW_BYTES = 1 << 20;

/**
 * The texts of a snapshot, decoded one at a time on first use and then kept; the packed bytes stay
 * in the snapshot file (kept open) and only a text's own bytes are read, so a start reads and
 * decodes none of them. Once every text is decoded, `done` is called (the file is closed).
 */
export class SavedTexts {
  private blobs: readonly [PackedBytes, PackedBytes];
  private readonly places: Uint32Array;
  private readonly decoded: (string | undefined)[];
  private undecoded: number;
  private done: (() => void) | null;
  /** Per blob, the bytes read last for `codeUnits` ([first byte, bytes]) and the buffer they are read into. */
  private windows: { first: number; bytes: Buffer; into: Buffer | null }[] | null = null;

  /** Throws SnapshotMismatchError when the places do not fit the packed bytes (a damaged snapshot). */
  constructor(
    packed: { latin1: PackedBytes; utf16: PackedBytes; places: Uint32Array },
    count: number,
    done: () => void = () => undefined,
  ) {
    const { places } = packed;
    if (places.length !== count * 3) {
      throw new SnapshotMismatchError(`the snapshot keeps ${places.length / 3} texts for ${count} files`);
    }
    this.blobs = [packed.latin1, packed.utf16];
    for (let i = 0; i < count; i++) {
      const wide = places[i * 3] ?? 2;
      const start = places[i * 3 + 1] ?? 0;
      const length = places[i * 3 + 2] ?? 0;
      const blob = this.blobs[wide];
      if (!blob || (start + length) * (wide + 1) > blob.length) {
        throw new SnapshotMismatchError(`text ${i} of the snapshot does not fit its table of texts`);
      }
    }
    this.places = places;
    this.decoded = new Array<string | undefined>(count);
    this.undecoded = count;
    this.done = done;
    if (count === 0) this.finish();
    else closeWhenGone.register(this, done);
  }

  /** Whether text `i` has been decoded (read by something) yet. */
  isDecoded(i: number): boolean {
    return this.decoded[i] !== undefined;
  }

  /** Whether text `i` is kept as UTF-16LE code units (else as Latin-1 bytes). */
  isWide(i: number): boolean {
    return this.places[i * 3] === 1;
  }

  /** Text `i`'s packed bytes (Latin-1 or UTF-16LE, see isWide), copied undecoded into `target` from byte `at`. */
  copyPacked(i: number, target: Buffer, at: number): void {
    const wide = this.isWide(i) ? 1 : 0;
    const from = (this.places[i * 3 + 1] as number) * (wide + 1);
    const bytes = this.length(i) * (wide + 1);
    readInto(this.blobs[wide], from, from + bytes, target.subarray(at, at + bytes));
  }

  /** Text `i`'s length in UTF-16 code units, as `text(i).length`. */
  length(i: number): number {
    return this.places[i * 3 + 2] ?? 0;
  }

  /**
   * `text(i).charCodeAt` (NaN outside the text) without decoding it, valid until the next call:
   * the packed bytes are read a megabyte at a time, so checking every text in order reads each
   * byte once, into the same two buffers.
   */
  codeUnits(i: number): (at: number) => number {
    const done = this.decoded[i];
    if (done !== undefined) return (at) => done.charCodeAt(at);
    const { bytes, base, wide } = this.windowOf(i);
    const length = this.length(i);
    return wide
      ? (at) => (at >= 0 && at < length ? bytes.readUInt16LE(base + at * 2) : Number.NaN)
      : (at) => (at >= 0 && at < length ? (bytes[base + at] as number) : Number.NaN);
  }

  /**
   * `text(i).slice(start, end)` (0 ≤ start ≤ end ≤ length(i)) when texts are read in order, as
   * `codeUnits` reads them: many pieces of every text (the date mentions at start) cost one read
   * per megabyte instead of one per piece.
   */
  sliceInOrder(i: number, start: number, end: number): string {
    const done = this.decoded[i];
    if (done !== undefined) return done.slice(start, end);
    const { bytes, base, wide } = this.windowOf(i);
    return wide
      ? bytes.toString("utf16le", base + start * 2, base + end * 2)
      : bytes.toString("latin1", base + start, base + end);
  }

  /** Text i's bytes in the window of its blob (read now if not there): `bytes` from `base`. */
  private windowOf(i: number): { bytes: Buffer; base: number; wide: boolean } {
    const wide = this.places[i * 3] as 0 | 1;
    const width = wide + 1;
    const from = (this.places[i * 3 + 1] as number) * width;
    const to = from + this.length(i) * width;
    this.windows ??= [0, 1].map(() => ({ first: 0, bytes: Buffer.alloc(0), into: null }));
    const window = this.windows[wide] as { first: number; bytes: Buffer; into: Buffer | null };
    if (from < window.first || to > window.first + window.bytes.length) {
      const end = Math.min(this.blobs[wide].length, Math.max(to, from + WINDOW_BYTES));
      const into = end - from <= WINDOW_BYTES ? (window.into ??= Buffer.allocUnsafe(WINDOW_BYTES)) : undefined;
      window.bytes = this.blobs[wide].read(from, end, into);
      window.first = from;
    }
    return { bytes: window.bytes, base: from - window.first, wide: wide === 1 };
  }

  /** Lets go of the buffers `codeUnits` and `sliceInOrder` read into. */
  releaseWindows(): void {
    this.windows = null;
  }

  text(i: number): string {
    const done = this.decoded[i];
    if (done !== undefined) return done;
    const text = this.slice(i, 0, this.length(i));
    this.decoded[i] = text;
    if (--this.undecoded === 0) this.finish();
    return text;
  }

  /** `text(i).slice(start, end)` for 0 ≤ start ≤ end ≤ length(i), reading and decoding only that piece. */
  slice(i: number, start: number, end: number): string {
    const done = this.decoded[i];
    if (done !== undefined) return done.slice(start, end);
    const wide = this.places[i * 3] === 1;
    const width = wide ? 2 : 1;
    const from = ((this.places[i * 3 + 1] as number) + start) * width;
    const bytes = this.blobs[wide ? 1 : 0].read(from, from + (end - start) * width);
    return bytes.toString(wide ? "utf16le" : "latin1");
  }

  /** The packed bytes of every text, in the file or in memory. */
  get packedBytes(): number {
    return this.blobs[0].length + this.blobs[1].length;
  }

  /**
   * Reads the packed bytes into memory (undecoded, outside the JS heap), a megabyte at a time with
   * the slicer between reads, then closes the file: a text read after this is a slice of memory, not
   * a read of the file. Texts already decoded stay as they are.
   */
  async keepInMemory(slicer: Slicer): Promise<void> {
    if (this.done === null) return;
    const kept: Buffer[] = [];
    for (const blob of this.blobs) {
      const bytes = Buffer.allocUnsafeSlow(blob.length);
      for (let from = 0; from < blob.length; from += WINDOW_BYTES) {
        const to = Math.min(blob.length, from + WINDOW_BYTES);
        readInto(blob, from, to, bytes.subarray(from, to));
        if (slicer.due()) await slicer.giveWay();
        // Every text decoded meanwhile (the file closed under us): nothing left to keep.
        if (this.done === null) return;
      }
      kept.push(bytes);
    }
    this.blobs = [bytesInMemory(kept[0] as Buffer), bytesInMemory(kept[1] as Buffer)];
    this.finish();
  }

  /** Closes what the texts are read from (the snapshot file), for texts no one will read. */
  close(): void {
    this.finish();
  }

  private finish(): void {
    this.done?.();
    this.done = null;
    this.windows = null;
    closeWhenGone.unregister(this);
  }
}

const SOURCE = Symbol("saved text");

interface TextSource {
  texts: SavedTexts;
  at: number;
}

interface WithSource {
  [SOURCE]?: TextSource;
}

/** One getter for every object with a saved text: objects built alike keep one shape. */
function savedText(this: WithSource): string {
  const source = this[SOURCE];
  return source ? source.texts.text(source.at) : "";
}

/**
 * `target` with a `text` property that is text `at` of `texts`, decoded when first read. Spreading
 * or serialising the object reads it like any property.
 */
export function withSavedText<T extends object>(target: T, texts: SavedTexts, at: number): T & { text: string } {
  Object.defineProperty(target, SOURCE, { value: { texts, at }, enumerable: false });
  Object.defineProperty(target, "text", { get: savedText, enumerable: true, configurable: true });
  return target as T & { text: string };
}

/**
 * `holder.text.slice(start, end)`, without decoding the whole of a saved text for it; for many
 * pieces of texts taken in order (see SavedTexts.sliceInOrder). `endSlices` lets go of its buffers.
 */
export function sliceInOrder(holder: { text: string }, start: number, end: number): string {
  const source = (holder as WithSource)[SOURCE];
  return source ? source.texts.sliceInOrder(source.at, start, end) : holder.text.slice(start, end);
}

/**
 * `holder.text.slice(start, end)` for one piece (a passage, an excerpt), reading and decoding only
 * that piece of a saved text nothing has read whole, and leaving it undecoded: a question reads a
 * few hundred passages of as many reports, and decoding each whole report to keep it on the heap
 * was most of the garbage, and of the time, of a first question about them (at a million passages).
 */
export function textSlice(holder: { text: string }, start: number, end: number): string {
  const source = (holder as WithSource)[SOURCE];
  return source ? source.texts.slice(source.at, start, end) : holder.text.slice(start, end);
}

/**
 * Most packed text bytes `keepTextsInMemory` keeps in memory. Timeline17's 2,854 reports are 38 MB
 * and fit; a million passages are about 250 MB and stay in the snapshot file, where a question's
 * reads cost less beside its postings than they do at Timeline17's size.
 */
export const TEXTS_IN_MEMORY_MAX_BYTES = 128 * 1024 * 1024;

/**
 * The snapshot texts `holders` read from, kept in memory (SavedTexts.keepInMemory) while they fit
 * TEXTS_IN_MEMORY_MAX_BYTES in all. A question reads a few hundred candidate passages, and read
 * from the file on a first question, each was a system call: keeping the bytes took the first
 * pass's p99 at Timeline17's size from 8.1 to 7.4 ms (medians of six alternated runs), the slowest
 * run's from 11.3 to 8.5 ms, for 38 MB outside the heap (docs/measurements.md, "Session 25").
 */
export async function keepTextsInMemory(
  holders: Iterable<object>,
  slicer: Slicer,
  maxBytes = TEXTS_IN_MEMORY_MAX_BYTES,
): Promise<void> {
  const texts = new Set<SavedTexts>();
  for (const holder of holders) {
    const source = savedTextOf(holder);
    if (source) texts.add(source.texts);
  }
  let bytes = 0;
  for (const saved of texts) {
    bytes += saved.packedBytes;
    if (bytes > maxBytes) return;
    await saved.keepInMemory(slicer);
  }
}

export function endSlices(holder: { text: string }): void {
  (holder as WithSource)[SOURCE]?.texts.releaseWindows();
}

/** Where `holder`'s text comes from when it is a saved one not yet needed; null for a plain text. */
export function savedTextOf(holder: object): { texts: SavedTexts; at: number } | null {
  return (holder as WithSource)[SOURCE] ?? null;
}

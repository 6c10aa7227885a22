import { readSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { endianness } from "node:os";

/**
 * A file of named binary tables and a JSON header: how the index snapshot is kept. Numbers by the
 * million (passage offsets, line hashes, postings) are stored as the bytes of typed arrays and
 * read straight back into typed arrays (`readTableFileAt`; `readTableFile` gives views of bytes
 * already in memory): no JSON.parse over them, no base64, no number boxed on the heap. The rest
 * (titles, file names, boilerplate reasons) is a JSON header.
 *
 * Layout: a 16-byte preamble (magic, container version, a byte-order mark), the tables one after
 * another, each starting at a multiple of 8 bytes, then the header (UTF-8 JSON: the tables' names,
 * kinds and lengths, and the content), then an 8-byte trailer (the header's length in bytes and an
 * end mark). The header comes last so it can be written in pieces after the tables, without
 * knowing its length in advance. Every length is checked on reading: a file cut short, or a table
 * whose length does not fit, throws TableFileError, never a wrong view.
 *
 * Hand-written rather than a library's: what is needed is typed arrays read with no decode, which
 * the serialisation libraries at hand (MessagePack, protobuf) do not give without a copy or a
 * decode each, and the format is a few dozen lines.
 */

const MAGIC = "SITRTABL";
const END_MARK = "TEND";
const CONTAINER_VERSION = 1;
const PREAMBLE_BYTES = 16;
const TRAILER_BYTES = 8;
/** Written in this machine's byte order; read back as another number on a machine of the other kind. */
const BYTE_ORDER_MARK = 0x01020304;

export type Table = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/**
 * A byte table written from pieces made as it is written (the snapshot's report texts, a few
 * hundred megabytes at a million passages): `length` bytes in all, each piece valid only until the
 * next is asked for, so one reused buffer can carry them all instead of the whole table in memory.
 */
export interface StreamedBytes {
  length: number;
  pieces: () => Iterable<Uint8Array>;
}

const KINDS = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  f64: Float64Array,
} as const;
type Kind = keyof typeof KINDS;

function kindOf(table: Table): Kind {
  if (table instanceof Uint8Array) return "u8";
  if (table instanceof Uint16Array) return "u16";
  if (table instanceof Uint32Array) return "u32";
  return "f64";
}

/** A table file that cannot be read: cut short, of another version or byte order, or inconsistent. */
export class TableFileError extends Error {
  override name = "TableFileError";
}

const padding = (offset: number) => (8 - (offset % 8)) % 8;

/**
 * The file's bytes, in pieces: the tables, then the header made of `{"tables": […], "content": …}`
 * where the content is the JSON text `content` yields (in pieces, so a large one need not be one
 * string). Strings are to be written as UTF-8. A piece is valid only until the next one is asked
 * for (a streamed table's reuse their buffer): the writer writes or copies each before going on.
 */
export function* tableFilePieces(
  tables: readonly (readonly [string, Table | StreamedBytes])[],
  content: Iterable<string>,
): Generator<Uint8Array | string> {
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  preamble.write(MAGIC, 0, "latin1");
  preamble.writeUInt32LE(CONTAINER_VERSION, 8);
  new Uint32Array(preamble.buffer, preamble.byteOffset + 12, 1)[0] = BYTE_ORDER_MARK;
  yield preamble;
  let offset = PREAMBLE_BYTES;
  const listed: [string, Kind, number][] = [];
  for (const [name, table] of tables) {
    if ("pieces" in table) {
      let written = 0;
      for (const piece of table.pieces()) {
        written += piece.byteLength;
        yield piece;
      }
      // The header lists the length given: pieces that add up to another would misplace every later table.
      if (written !== table.length) throw new Error(`table ${name} was ${written} bytes, not ${table.length}`);
      offset += written;
      listed.push([name, "u8", written]);
    } else {
      yield new Uint8Array(table.buffer, table.byteOffset, table.byteLength);
      offset += table.byteLength;
      listed.push([name, kindOf(table), table.length]);
    }
    const pad = padding(offset);
    if (pad > 0) yield new Uint8Array(pad);
    offset += pad;
  }
  let headerBytes = 0;
  const counted = (piece: string) => {
    headerBytes += Buffer.byteLength(piece);
    return piece;
  };
  yield counted(`{"tables":${JSON.stringify(listed)},"content":`);
  for (const piece of content) yield counted(piece);
  yield counted("}");
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeUInt32LE(headerBytes, 0);
  trailer.write(END_MARK, 4, "latin1");
  yield trailer;
}

/** A table file read: its content (parsed JSON, not yet checked) and its tables by name. */
export interface TableFile {
  content: unknown;
  tables: ReadonlyMap<string, Table>;
  /** Tables left in the file (readTableFileAt's `leave`), readable while the file is open. */
  left?: LeftTables;
}

/**
 * Byte tables left in their file, read a piece at a time when needed: the file stays open, so
 * what is read is always the file as it was opened, even after a new one is renamed over it.
 */
export class LeftTables {
  private handle: FileHandle | null;

  constructor(
    handle: FileHandle,
    private readonly places: ReadonlyMap<string, { offset: number; length: number }>,
  ) {
    this.handle = handle;
  }

  /** The byte length of table `name`; undefined when the file has no such u8 table. */
  length(name: string): number | undefined {
    return this.places.get(name)?.length;
  }

  /** Bytes [start, end) of table `name` into `into` (from its start); throws when the file no longer has them. */
  read(name: string, start: number, end: number, into: Buffer = Buffer.allocUnsafe(end - start)): Buffer {
    const place = this.places.get(name);
    if (!this.handle || !place || start < 0 || end > place.length || end - start > into.length) {
      throw new TableFileError(`bytes ${start}–${end} of table ${name} cannot be read`);
    }
    for (let done = 0; done < end - start;) {
      const read = readSync(this.handle.fd, into, done, end - start - done, place.offset + start + done);
      if (read === 0) throw new TableFileError(`table ${name} was cut short in its file after it was opened`);
      done += read;
    }
    return into.subarray(0, end - start);
  }

  /** Closes the file; nothing can be read after. */
  close(): void {
    const handle = this.handle;
    this.handle = null;
    handle?.close().catch(() => undefined);
  }
}

const listSchemaError = "its header does not list its tables as [name, kind, length]";

/** Checks the preamble (the file's first 16 bytes) and the trailer (its last 8); returns the header's length in bytes. */
function headerLength(preamble: Buffer, trailer: Buffer, size: number): number {
  if (size < PREAMBLE_BYTES + TRAILER_BYTES || preamble.toString("latin1", 0, 8) !== MAGIC) {
    throw new TableFileError("not a Sitrep table file (an older snapshot format, or another file)");
  }
  const version = preamble.readUInt32LE(8);
  if (version !== CONTAINER_VERSION)
    throw new TableFileError(`table file version ${version}, not ${CONTAINER_VERSION}`);
  const mark = preamble.readUInt32LE(12);
  if (mark !== (endianness() === "LE" ? BYTE_ORDER_MARK : 0x04030201)) {
    throw new TableFileError(`written on a machine of the other byte order (this one is ${endianness()})`);
  }
  if (trailer.toString("latin1", 4, 8) !== END_MARK)
    throw new TableFileError(`cut short: ${size} bytes and no end mark`);
  const bytes = trailer.readUInt32LE(0);
  if (size - TRAILER_BYTES - bytes < PREAMBLE_BYTES) {
    throw new TableFileError(`its header (${bytes} bytes) is longer than the file`);
  }
  return bytes;
}

interface Placed {
  name: string;
  type: (typeof KINDS)[Kind];
  offset: number;
  length: number;
}

/** The header's content and where each table it lists lies, checked to end exactly where the header starts. */
function layout(headerText: string, headerStart: number): { content: unknown; placed: Placed[] } {
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch {
    throw new TableFileError("its header is not JSON");
  }
  if (typeof header !== "object" || header === null || !("tables" in header) || !Array.isArray(header.tables)) {
    throw new TableFileError(listSchemaError);
  }
  const placed: Placed[] = [];
  const names = new Set<string>();
  let offset = PREAMBLE_BYTES;
  for (const entry of header.tables as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 3) throw new TableFileError(listSchemaError);
    const [name, kind, length] = entry as unknown[];
    if (typeof name !== "string" || typeof kind !== "string" || !(kind in KINDS) || !Number.isSafeInteger(length)) {
      throw new TableFileError(listSchemaError);
    }
    const type = KINDS[kind as Kind];
    const byteLength = (length as number) * type.BYTES_PER_ELEMENT;
    if ((length as number) < 0 || offset + byteLength > headerStart) {
      throw new TableFileError(
        `table ${name} (${String(length)} × ${kind}) runs past the tables' end at byte ${headerStart}`,
      );
    }
    if (names.has(name)) throw new TableFileError(`table ${name} is listed twice`);
    names.add(name);
    placed.push({ name, type, offset, length: length as number });
    offset += byteLength;
    offset += padding(offset);
  }
  if (offset !== headerStart) {
    throw new TableFileError(`its tables end at byte ${offset}, but its header starts at byte ${headerStart}`);
  }
  return { content: "content" in header ? header.content : undefined, placed };
}

/**
 * Reads a table file from its bytes. The tables are views of `bytes` (copied once if `bytes` is not
 * 8-byte aligned). Throws TableFileError saying what is wrong.
 */
export function readTableFile(bytes: Buffer): TableFile {
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : Buffer.concat([bytes], bytes.length);
  const size = aligned.length;
  const trailer = aligned.subarray(Math.max(0, size - TRAILER_BYTES));
  const header = headerLength(aligned.subarray(0, PREAMBLE_BYTES), trailer, size);
  const headerStart = size - TRAILER_BYTES - header;
  const { content, placed } = layout(aligned.toString("utf8", headerStart, size - TRAILER_BYTES), headerStart);
  const tables = new Map<string, Table>();
  for (const { name, type, offset, length } of placed) {
    tables.set(name, new type(aligned.buffer as ArrayBuffer, aligned.byteOffset + offset, length));
  }
  return { content, tables };
}

/**
 * Reads the table file at `file` a piece at a time: the header, then each table straight into an
 * array of its own, so no copy of the whole file is made or kept (at a million passages the
 * snapshot is over 100 MB). Byte tables named in `leave` are not read: they are `left`, in the
 * file kept open for them. Throws TableFileError saying what is wrong, or the file system's error.
 */
export async function readTableFileAt(file: string, leave: readonly string[] = []): Promise<TableFile> {
  const handle = await open(file, "r");
  let keepOpen = false;
  try {
    const { size } = await handle.stat();
    const readAt = async (into: Uint8Array, position: number) => {
      for (let done = 0; done < into.length;) {
        const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
        if (bytesRead === 0) throw new TableFileError(`cut short while it was read (${size} bytes)`);
        done += bytesRead;
      }
    };
    const preamble = Buffer.alloc(Math.min(size, PREAMBLE_BYTES));
    const trailer = Buffer.alloc(Math.min(size, TRAILER_BYTES));
    await readAt(preamble, 0);
    await readAt(trailer, size - trailer.length);
    const header = headerLength(preamble, trailer, size);
    const headerStart = size - TRAILER_BYTES - header;
    const headerBytes = Buffer.alloc(header);
    await readAt(headerBytes, headerStart);
    const { content, placed } = layout(headerBytes.toString("utf8"), headerStart);
    const tables = new Map<string, Table>();
    const left = new Map<string, { offset: number; length: number }>();
    for (const { name, type, offset, length } of placed) {
      if (type === Uint8Array && leave.includes(name)) {
        left.set(name, { offset, length });
        continue;
      }
      const table = new type(length);
      await readAt(new Uint8Array(table.buffer, 0, table.byteLength), offset);
      tables.set(name, table);
    }
    keepOpen = left.size > 0;
    return keepOpen ? { content, tables, left: new LeftTables(handle, left) } : { content, tables };
  } finally {
    if (!keepOpen) await handle.close();
  }
}

/** The table `name` of `file`, which must be of `type`; throws TableFileError when missing or of another kind. */
export function tableOf<T extends Table>(
  file: TableFile,
  name: string,
  type: { new (length: number): T; readonly BYTES_PER_ELEMENT: number; readonly name: string },
): T {
  const table = file.tables.get(name);
  if (!(table instanceof type)) throw new TableFileError(`table ${name} (${type.name}) is missing`);
  return table;
}

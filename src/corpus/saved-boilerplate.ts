/**
 * A report's boilerplate as the snapshot keeps it, rows of [start, end, kind, reason] (kind a
 * position in BOILERPLATE_KINDS, reason one in the snapshot's list of reasons), decoded each time
 * it is read instead of kept as objects: only a reload reads it (for the few reports sharing a line
 * with a changed one; a save copies the rows: `savedBoilerplateOf`), and at a million passages its
 * 172k objects were an eighth of what a full collection marks (docs/measurements.md).
 */
import { BOILERPLATE_KINDS, type Boilerplate } from "./types.js";

export interface SavedBoilerplate {
  rows: Uint32Array;
  reasons: readonly string[];
}

/** Numbers per row: start, end, kind, reason. */
export const BOILERPLATE_ROW = 4;

/** A kind's number in a row: its position in BOILERPLATE_KINDS. */
const KIND_AT = new Map(BOILERPLATE_KINDS.map((kind, i) => [kind, i]));

/** The kind or reason of a row the snapshot does not list: the snapshot is not usable. */
export class SavedBoilerplateError extends Error {
  override name = "SavedBoilerplateError";
}

/** Checks every row, so that reading the boilerplate later cannot fail. */
export function checkSavedBoilerplate({ rows, reasons }: SavedBoilerplate): void {
  if (rows.length % BOILERPLATE_ROW !== 0) throw new SavedBoilerplateError("boilerplate rows of four numbers");
  for (let i = 0; i < rows.length; i += BOILERPLATE_ROW) {
    const kind = rows[i + 2] as number;
    const reason = rows[i + 3] as number;
    if (kind >= BOILERPLATE_KINDS.length || reason >= reasons.length) {
      throw new SavedBoilerplateError(`boilerplate of kind ${kind} or reason ${reason}, which the snapshot does not list`);
    }
  }
}

/** The boilerplate entries of checked rows, made now. */
export function boilerplateOf({ rows, reasons }: SavedBoilerplate): Boilerplate[] {
  const out: Boilerplate[] = [];
  for (let i = 0; i + 3 < rows.length; i += BOILERPLATE_ROW) {
    // By index: destructuring a view of each row made a view and an iterator per row.
    out.push({
      start: rows[i] as number,
      end: rows[i + 1] as number,
      kind: BOILERPLATE_KINDS[rows[i + 2] as number] as Boilerplate["kind"],
      reason: reasons[rows[i + 3] as number] as string,
    });
  }
  return out;
}

const ROWS = Symbol("saved boilerplate");

interface WithRows {
  [ROWS]: SavedBoilerplate;
}

/** One getter for every restored report, so they share their shape (a closure each gave each its own). */
function savedBoilerplate(this: WithRows): Boilerplate[] {
  return boilerplateOf(this[ROWS]);
}

/**
 * `report` with a `boilerplate` read from `saved` each time, a property it did not have, as its
 * saved text is (withSavedText): a getter written in the object literal, or a data property made
 * one later, made every restored report a dictionary-mode object, slow to read.
 */
export function withSavedBoilerplate<T extends object>(
  report: T,
  saved: SavedBoilerplate,
): T & { boilerplate: Boilerplate[] } {
  Object.defineProperty(report, ROWS, { value: saved, enumerable: false });
  Object.defineProperty(report, "boilerplate", { get: savedBoilerplate, enumerable: true, configurable: true });
  return report as T & { boilerplate: Boilerplate[] };
}

/** The snapshot's rows a restored report reads its boilerplate from; null for a report parsed from its file. */
export function savedBoilerplateOf(report: object): SavedBoilerplate | null {
  return (report as Partial<WithRows>)[ROWS] ?? null;
}

/** How many rows `report`'s boilerplate takes in a snapshot, read from its saved rows when it has them. */
export function boilerplateRowCount(report: { boilerplate: readonly Boilerplate[] }): number {
  const saved = savedBoilerplateOf(report);
  return saved ? saved.rows.length / BOILERPLATE_ROW : report.boilerplate.length;
}

/**
 * Writes `report`'s boilerplate as rows into `table` from `at` (`reasonAt` numbers each reason for
 * the snapshot being written) and returns where the next report's start. A restored report's rows
 * are copied, their reasons renumbered: making its entries only to write their numbers back was 172k
 * objects per save at a million passages.
 */
export function writeBoilerplateRows(
  report: { boilerplate: readonly Boilerplate[] },
  table: Uint32Array,
  at: number,
  reasonAt: (reason: string) => number,
): number {
  const saved = savedBoilerplateOf(report);
  if (saved) {
    const { rows, reasons } = saved;
    for (let row = 0; row < rows.length; row += BOILERPLATE_ROW, at += BOILERPLATE_ROW) {
      table[at] = rows[row] as number;
      table[at + 1] = rows[row + 1] as number;
      table[at + 2] = rows[row + 2] as number;
      table[at + 3] = reasonAt(reasons[rows[row + 3] as number] as string);
    }
    return at;
  }
  for (const { start, end, kind, reason } of report.boilerplate) {
    table.set([start, end, KIND_AT.get(kind) ?? 0, reasonAt(reason)], at);
    at += BOILERPLATE_ROW;
  }
  return at;
}

/**
 * Long work on the main thread (a reload, a timeline over a big corpus) runs in slices and gives
 * way between them, so the bot's other events (the gateway, every other user's interaction, which
 * Discord drops unless acknowledged within 3 s) wait at most one slice. One slice budget for the
 * whole process lives here, so "how long may work hold the event loop" means one thing everywhere.
 *
 * Use: `if (slicer.due()) await slicer.giveWay();` inside the loop. `due()` is a clock read, cheap
 * enough per item; awaiting only when due keeps a fast loop free of a microtask per item.
 */
export const SLICE_BUDGET_MS = 20;

/**
 * Slices are about the real event loop, not the clock: both taken when this module loads, so a test
 * that fakes the timers afterwards cannot stretch a slice or leave sliced work waiting forever.
 */
const realNow = performance.now.bind(performance);
const nextTurn = globalThis.setImmediate;

export class TimeSlicer {
  private sliceStart = realNow();

  constructor(private readonly budgetMs: number = SLICE_BUDGET_MS) {}

  /** Whether the current slice has used its budget. */
  due(): boolean {
    return realNow() - this.sliceStart >= this.budgetMs;
  }

  /** Lets pending I/O and timers run (setImmediate runs after the poll phase), then starts a new slice. */
  async giveWay(): Promise<void> {
    await new Promise<void>((resolve) => nextTurn(resolve));
    this.sliceStart = realNow();
  }
}

/** What sliced work needs of a slicer: a TimeSlicer, or NEVER_GIVE_WAY. */
export type Slicer = Pick<TimeSlicer, "due" | "giveWay">;

/** A slicer that never gives way: the same code run synchronously (the CLI, tests, a worker). */
export const NEVER_GIVE_WAY: Slicer = {
  due: () => false,
  giveWay: () => Promise.resolve(),
};

/** Runs a sliced step to its end at once (the CLI, a first load). */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs a sliced step, giving way whenever the slicer says so. */
export async function runSliced<T>(steps: Generator<void, T>, slicer: Slicer): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (slicer.due()) await slicer.giveWay();
  }
}

/** Elements filled between two chances to give way (a quarter to a megabyte). */
const FILL_STEP = 1 << 16;

/**
 * `array` filled with `value`, a step per 65,536 elements. On these machines the first touch of
 * fresh memory is slow (tens of milliseconds a megabyte under load), so filling a new million-entry
 * table in one call was a block of its own.
 */
export function* fillSteps<T extends Int32Array | Uint32Array | Uint8Array>(
  array: T,
  value: number,
): Generator<void, T> {
  for (let at = 0; at < array.length; at += FILL_STEP) {
    array.fill(value, at, Math.min(array.length, at + FILL_STEP));
    yield;
  }
  return array;
}

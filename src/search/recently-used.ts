/**
 * The values of the keys used most lately: what a question reads of a passage (its text, its
 * words, its dates), kept because questions on one story keep meeting the same passages. At most
 * `capacity` keys are kept, and always the `capacity / 2` used most lately.
 *
 * Two generations of Maps: keys are set (or moved when used) into the current one, and when it
 * holds half the capacity it becomes the previous one, which is dropped whole. A single Map in
 * order of use, evicting its first key, paid for `keys().next()` walking past every entry deleted
 * since the Map last compacted itself: about 15 µs per eviction at 20,000 entries, more than the
 * work whose result it keeps. (Keeping that iterator across evictions would avoid the walk, but it
 * keeps every table the Map has outgrown alive until its next step.)
 */
export class RecentlyUsed<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();
  private readonly generation: number;

  constructor(capacity: number) {
    this.generation = Math.max(1, Math.floor(capacity / 2));
  }

  /** How many keys are kept (each is in one generation). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** The value kept for `key` (now among the most lately used), or undefined. */
  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const older = this.previous.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  /** Keeps `value` for `key`, dropping the older generation when the current one is full. */
  set(key: K, value: V): void {
    if (this.current.has(key)) {
      this.current.set(key, value);
      return;
    }
    this.previous.delete(key);
    this.current.set(key, value);
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Map();
    }
  }
}

/**
 * One `RecentlyUsed` of `capacity` per owner (an index: what a question reads of its passages),
 * made on first use and dropped with the owner.
 */
export function recentlyUsedPer<O extends object, K, V>(capacity: number): (owner: O) => RecentlyUsed<K, V> {
  const byOwner = new WeakMap<O, RecentlyUsed<K, V>>();
  return (owner) => {
    let kept = byOwner.get(owner);
    if (!kept) {
      kept = new RecentlyUsed<K, V>(capacity);
      byOwner.set(owner, kept);
    }
    return kept;
  };
}

/**
 * The values of the keys used most lately, at most `capacity` of them: what a question reads of a
 * passage (its text, its words, its dates), kept because questions on one story keep meeting the
 * same passages.
 *
 * A Map in insertion order, a key moved to the end when used. The oldest key is found by one
 * iterator kept across evictions, not by a fresh `keys().next()`: a fresh iterator walks past every
 * entry deleted since the Map last compacted itself, which at 20,000 entries made each eviction
 * cost about 15 µs, more than the work whose result it keeps. The kept iterator has already passed
 * them, and every key before it was evicted or moved, so it finds the same oldest key.
 */
export class RecentlyUsed<K, V> {
  private readonly values = new Map<K, V>();
  private oldest: Iterator<K> = this.values.keys();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.values.size;
  }

  /** The value kept for `key` (now the most lately used), or undefined. */
  get(key: K): V | undefined {
    const value = this.values.get(key);
    if (value !== undefined) {
      this.values.delete(key);
      this.values.set(key, value);
    }
    return value;
  }

  /** Keeps `value` for `key`, letting go of the least lately used key when over capacity. */
  set(key: K, value: V): void {
    this.values.delete(key);
    this.values.set(key, value);
    if (this.values.size <= this.capacity) return;
    let next = this.oldest.next();
    if (next.done) {
      // Exhausted once the Map was empty: a new one starts at the first entry.
      this.oldest = this.values.keys();
      next = this.oldest.next();
    }
    if (!next.done) this.values.delete(next.value);
  }
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecentlyUsed } from "../src/search/recently-used.js";

/** The plain form it must behave as: a Map in order of use, the first key evicted when over capacity. */
class ReferenceLru {
  readonly values = new Map<number, number>();
  constructor(private readonly capacity: number) {}
  get(key: number): number | undefined {
    const value = this.values.get(key);
    if (value !== undefined) {
      this.values.delete(key);
      this.values.set(key, value);
    }
    return value;
  }
  set(key: number, value: number): void {
    this.values.delete(key);
    this.values.set(key, value);
    if (this.values.size > this.capacity) this.values.delete(this.values.keys().next().value as number);
  }
}

describe("RecentlyUsed", () => {
  it("keeps and evicts exactly what a Map in order of use keeps, whatever the gets and sets", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 })), { maxLength: 400 }),
        (capacity, operations) => {
          const kept = new RecentlyUsed<number, number>(capacity);
          const reference = new ReferenceLru(capacity);
          operations.forEach(([isGet, key], i) => {
            if (isGet) expect(kept.get(key)).toBe(reference.get(key));
            else {
              kept.set(key, i);
              reference.set(key, i);
            }
            expect(kept.size).toBe(reference.values.size);
          });
          for (const [key, value] of reference.values) expect(kept.get(key)).toBe(value);
        },
      ),
    );
  });

  it("evicts the least lately used key, not the first one set", () => {
    const kept = new RecentlyUsed<string, number>(2);
    kept.set("a", 1);
    kept.set("b", 2);
    kept.get("a");
    kept.set("c", 3);
    expect(kept.get("b")).toBeUndefined();
    expect(kept.get("a")).toBe(1);
    expect(kept.get("c")).toBe(3);
  });
});

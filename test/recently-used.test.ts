import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecentlyUsed, recentlyUsedPer } from "../src/search/recently-used.js";

describe("RecentlyUsed", () => {
  it("keeps at most its capacity, always the half used most lately, each with its latest value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 })), { maxLength: 400 }),
        (capacity, operations) => {
          const kept = new RecentlyUsed<number, number>(capacity);
          /** Every key's latest value, and the keys in order of use, most lately used last. */
          const latest = new Map<number, number>();
          let used: number[] = [];
          operations.forEach(([isGet, key], i) => {
            if (isGet) {
              const value = kept.get(key);
              // What it still has is the latest value; what it dropped stays dropped until set again.
              if (value !== undefined) expect(value).toBe(latest.get(key));
              else latest.delete(key);
              if (value === undefined) return;
            } else {
              kept.set(key, i);
              latest.set(key, i);
            }
            used = [...used.filter((k) => k !== key), key];
            expect(kept.size).toBeLessThanOrEqual(capacity);
            for (const recent of used.slice(used.length - Math.floor(capacity / 2))) {
              if (latest.has(recent)) expect(kept.get(recent)).toBe(latest.get(recent));
            }
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("keeps a key used lately over one set earlier and not used since", () => {
    const kept = new RecentlyUsed<string, number>(4);
    kept.set("a", 1);
    kept.set("b", 2);
    kept.get("a");
    kept.set("c", 3);
    kept.set("d", 4);
    expect(kept.get("b")).toBeUndefined();
    expect(kept.get("a")).toBe(1);
    expect(kept.size).toBeLessThanOrEqual(4);
  });
});

describe("recentlyUsedPer", () => {
  it("gives each owner its own cache, the same one each time", () => {
    const keptOf = recentlyUsedPer<object, string, number>(4);
    const first = {};
    const second = {};
    keptOf(first).set("a", 1);
    expect(keptOf(first)).toBe(keptOf(first));
    expect(keptOf(first).get("a")).toBe(1);
    expect(keptOf(second).get("a")).toBeUndefined();
  });
});

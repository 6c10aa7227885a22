import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PagedList } from "../src/paged-list.js";

/** Lengths around a few pages of 4,096 entries, so derived lists share, grow and cut pages. */
const length = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3 * 4096 + 5 }));

/** Every entry of `list`, as a plain array, one past its end included (always undefined). */
function entries<T>(list: PagedList<T>): (T | undefined)[] {
  return Array.from({ length: list.length + 1 }, (_, i) => list.get(i));
}

describe("PagedList", () => {
  it("of: every entry is the fill, or undefined without one", () => {
    expect(entries(PagedList.of<string>(5000, "x"))).toEqual([...new Array<string>(5000).fill("x"), undefined]);
    expect(entries(PagedList.of<string>(3))).toEqual([undefined, undefined, undefined, undefined]);
    expect(PagedList.of<string>(0, "x").get(0)).toBeUndefined();
  });

  it("set refuses an index outside the list, naming it", () => {
    const list = PagedList.of<number>(10);
    expect(() => list.set(10, 1)).toThrow(/index 10 is outside a list of 10/);
    expect(() => list.set(-1, 1)).toThrow(RangeError);
    expect(() => list.set(1.5, 1)).toThrow(RangeError);
  });

  it("derive: a list cut short, then derived longer again, reads nothing past the cut", () => {
    const cut = PagedList.of<number>(10, 7).derive(4);
    const longer = cut.derive(10);
    expect(entries(longer)).toEqual([7, 7, 7, 7, ...new Array<undefined>(7).fill(undefined)]);
  });

  it("through any chain of derived lists and writes, each list reads as a plain array treated alike, and none sees its successors' writes", () => {
    fc.assert(
      fc.property(
        length,
        fc.array(
          fc.record({
            length,
            writes: fc.array(fc.tuple(fc.nat(), fc.option(fc.integer(), { nil: undefined })), { maxLength: 30 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (first, versions) => {
          let list = PagedList.of<number>(first, -1);
          let expected: (number | undefined)[] = new Array<number>(first).fill(-1);
          const earlier: { list: PagedList<number>; expected: (number | undefined)[] }[] = [];
          for (const version of versions) {
            earlier.push({ list, expected });
            list = list.derive(version.length);
            expected = Array.from({ length: version.length }, (_, i) => expected[i]);
            for (const [at, value] of version.writes) {
              if (version.length === 0) break;
              const index = at % version.length;
              list.set(index, value);
              expected[index] = value;
            }
            expect(entries(list)).toEqual([...expected, undefined]);
          }
          for (const { list: before, expected: then } of earlier) expect(entries(before)).toEqual([...then, undefined]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FRESH_TABLES, ReusedTables, TableLender, type TableMaker } from "../src/reused-tables.js";

describe("ReusedTables", () => {
  it("hands out a view of the length asked for, over the buffer it kept for that name", () => {
    const tables = new ReusedTables();
    const first = tables.uint32("ids", 1000);
    expect(first.length).toBe(1000);
    first.fill(7);
    const again = tables.uint32("ids", 900);
    expect(again.length).toBe(900);
    expect(again.buffer).toBe(first.buffer);
    // Contents are unspecified: the earlier save's numbers are still there.
    expect(again[0]).toBe(7);
  });

  it("keeps one buffer per name", () => {
    const tables = new ReusedTables();
    const ids = tables.uint32("ids", 100).fill(1);
    const freqs = tables.uint16("freqs", 100).fill(2);
    expect(freqs.buffer).not.toBe(ids.buffer);
    expect([...tables.uint32("ids", 100)].every((n) => n === 1)).toBe(true);
  });

  it("makes a bigger buffer, with room to grow, when the kept one is too small", () => {
    const tables = new ReusedTables();
    const small = tables.float64("lines", 100);
    const big = tables.float64("lines", 1000);
    expect(big.buffer).not.toBe(small.buffer);
    expect(big.buffer.byteLength).toBeGreaterThan(1000 * Float64Array.BYTES_PER_ELEMENT);
    expect(tables.float64("lines", 1100).buffer).toBe(big.buffer);
  });

  it("lets a buffer go when less than half of it would be used (a corpus that shrank)", () => {
    const tables = new ReusedTables();
    const big = tables.int32("positions", 10_000);
    const small = tables.int32("positions", 1000);
    expect(small.buffer).not.toBe(big.buffer);
    expect(tables.keptBytes).toBeLessThan(10_000 * Int32Array.BYTES_PER_ELEMENT);
  });

  it("gives arrays of the asked length that keep what is written until that name is asked again", () => {
    const kinds = ["uint16", "uint32", "int32", "float64"] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: fc.constantFrom("a", "b", "c"), length: fc.nat(5000) }), { maxLength: 30 }),
        (asks) => {
          const tables = new ReusedTables();
          const latest = new Map<string, { values: ArrayLike<number>; mark: number }>();
          for (const [i, { name, length }] of asks.entries()) {
            // A name keeps one kind, as the snapshot's tables do.
            const kind = kinds[name.charCodeAt(0) % kinds.length] ?? "uint32";
            const table = tables[kind](name, length);
            expect(table.length).toBe(length);
            table.fill(i + 1);
            latest.set(name, { values: table, mark: i + 1 });
            for (const { values, mark } of latest.values()) {
              expect(Array.prototype.every.call(values, (n: number) => n === mark)).toBe(true);
            }
          }
        },
      ),
    );
  });
});

describe("TableLender", () => {
  it("lends the kept tables to one use at a time and fresh ones to a use that starts meanwhile", async () => {
    const lender = new TableLender();
    let inner: TableMaker | null = null;
    let outer: TableMaker | null = null;
    await lender.lend(async (tables) => {
      outer = tables;
      await lender.lend(async (other) => {
        inner = other;
      });
    });
    expect(outer).toBeInstanceOf(ReusedTables);
    expect(inner).toBe(FRESH_TABLES);
    // Given back: the next use gets the kept tables again.
    await lender.lend(async (tables) => {
      expect(tables).toBe(outer);
    });
  });

  it("takes the tables back when a use fails", async () => {
    const lender = new TableLender();
    await expect(
      lender.lend(async () => {
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    await lender.lend(async (tables) => {
      expect(tables).toBeInstanceOf(ReusedTables);
    });
  });
});

import { describe, expect, it } from "vitest";
import { NEVER_GIVE_WAY, TimeSlicer } from "../src/time-slice.js";

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin: a slice of synchronous work
  }
}

describe("TimeSlicer", () => {
  it("is not due until its budget is used, and is due after", () => {
    const slicer = new TimeSlicer(15);
    expect(slicer.due()).toBe(false);
    busyFor(20);
    expect(slicer.due()).toBe(true);
  });

  it("lets a timer that came due during a slice run before the work goes on", async () => {
    // A budget well above a loaded machine's scheduling delays: the check after the last slice reads
    // "a new slice has started", not "this process was not descheduled for a few milliseconds".
    const slicer = new TimeSlicer(50);
    const order: string[] = [];
    setTimeout(() => order.push("timer"), 1);
    for (let item = 0; item < 3; item += 1) {
      busyFor(60);
      order.push(`item ${item}`);
      if (slicer.due()) await slicer.giveWay();
    }
    expect(order.indexOf("timer")).toBeGreaterThan(0);
    expect(order.indexOf("timer")).toBeLessThan(order.length - 1);
    expect(slicer.due()).toBe(false);
  });

  it("NEVER_GIVE_WAY is never due", () => {
    busyFor(2);
    expect(NEVER_GIVE_WAY.due()).toBe(false);
  });
});

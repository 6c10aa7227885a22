import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { NEVER_GIVE_WAY } from "../src/time-slice.js";
import { tempCorpus } from "./helpers/corpus.js";

/**
 * Fault injection: no known text makes the parser throw (the last one, a line of 200,000 short
 * sentences, overflowed the stack until c6d1840), so the parser is wrapped to throw on a marker.
 * What is tested is the load's boundary around each report, not the parser. The setup files have
 * loaded the corpus modules already, so they are loaded again after the mock (`resetModules`).
 */
const THROW_IN_PARSE = "MARKER-THROW-IN-PARSE";
const THROW_IN_SEGMENT = "MARKER-THROW-IN-SEGMENT";

vi.mock("../src/corpus/parse.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/corpus/parse.js")>();
  return {
    ...real,
    parseReport: (text: string) => {
      if (text.includes(THROW_IN_PARSE)) throw new RangeError("Maximum call stack size exceeded");
      return real.parseReport(text);
    },
    segment: (...args: Parameters<typeof real.segment>) => {
      if (args[0].includes(THROW_IN_SEGMENT)) throw new TypeError("cannot read properties of undefined");
      return real.segment(...args);
    },
  };
});

let load: typeof import("../src/corpus/load.js");
beforeAll(async () => {
  vi.resetModules();
  load = await import("../src/corpus/load.js");
});

const PROSE = "Iraqi forces pushed into the Old City on Tuesday. Thousands of civilians fled the fighting.\n";

describe("loadCorpus: a report whose reading throws", () => {
  it("is rejected with the error named, and every other report loads", async () => {
    const dir = tempCorpus({
      "a.txt": `date 2017-06-27\n${PROSE}`,
      "b.txt": `date 2017-06-28\n${PROSE}${THROW_IN_PARSE}\n`,
      "c.txt": `date 2017-06-29\nThe Grand Mosque was destroyed.\n${THROW_IN_SEGMENT}\n`,
      "d.txt": `date 2017-06-30\nCivilians returned to the eastern districts.\n`,
    });
    const corpus = await load.loadCorpus(dir);
    expect(corpus.reports.map((r) => r.file)).toEqual(["a.txt", "d.txt"]);
    expect(corpus.rejected).toEqual([
      {
        file: "b.txt",
        reason:
          "could not be read as a report (RangeError: Maximum call stack size exceeded); this is a Sitrep bug, please report it with the file",
      },
      {
        file: "c.txt",
        reason:
          "could not be read as a report (TypeError: cannot read properties of undefined); this is a Sitrep bug, please report it with the file",
      },
    ]);
    // The passages of the loaded reports are numbered as if the rejected ones were never there.
    expect(corpus.passages.length).toBe(corpus.reports.reduce((n, r) => n + r.passages.length, 0));
  });

  it("keeps its copy from counting as a duplicate of it: the copy is read, and rejected for itself", async () => {
    const bad = `date 2017-06-28\n${PROSE}${THROW_IN_PARSE}\n`;
    const corpus = await load.loadCorpus(tempCorpus({ "a.txt": bad, "b.txt": bad, "c.txt": PROSE }));
    expect(corpus.reports.map((r) => r.file)).toEqual(["c.txt"]);
    expect(corpus.rejected.map((r) => [r.file, r.reason.startsWith("could not be read as a report")])).toEqual([
      ["a.txt", true],
      ["b.txt", true],
    ]);
  });

  it("on a reload, leaves out the edited report alone and keeps the others as they were", async () => {
    const dir = tempCorpus({ "a.txt": `date 2017-06-27\n${PROSE}`, "b.txt": `date 2017-06-28\n${PROSE}Later.\n` });
    const before = await load.loadCorpus(dir);
    writeFileSync(path.join(dir, "b.txt"), `date 2017-06-28\n${PROSE}${THROW_IN_PARSE}\n`);
    const { corpus: after } = await load.updateCorpus(before, await load.readCorpusFiles(dir), NEVER_GIVE_WAY);
    expect(after.reports.map((r) => r.file)).toEqual(["a.txt"]);
    expect(after.reports[0]).toBe(before.reports[0]);
    expect(after.rejected.map((r) => r.file)).toEqual(["b.txt"]);
  });
});

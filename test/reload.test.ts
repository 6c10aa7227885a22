import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCorpusFiles } from "../src/corpus/load.js";
import { openCorpus, reopenCorpus } from "../src/sitrep.js";
import { tempCorpus, tempDir } from "./helpers/corpus.js";

const REPORTS = {
  "a.txt": "date 2017-06-01\n\nIraqi forces entered the old city of Mosul on Thursday morning.\n",
  "b.txt": "date 2017-06-02\n\nThousands of civilians fled the fighting in western Mosul overnight.\n",
};

describe("reopening a corpus", () => {
  it("returns the served corpus itself when no file changed", async () => {
    const dir = tempCorpus(REPORTS);
    const opened = await openCorpus({ corpusDir: dir, dataDir: tempDir() });
    expect(await reopenCorpus(opened, { corpusDir: dir, dataDir: null })).toBe(opened);
  });

  it("does not hash a file whose signature is unchanged, and reads one whose signature changed", async () => {
    const dir = tempCorpus(REPORTS);
    const first = await readCorpusFiles(dir);
    // A stand-in hash the loader could not have computed: it is kept only if the file was not hashed again.
    const known = new Map(first.files.map((f) => [f.file, { signature: f.signature, contentHash: `kept-${f.file}` }]));
    const again = await readCorpusFiles(dir, {}, known);
    expect(again.files.map((f) => f.contentHash)).toEqual(["kept-a.txt", "kept-b.txt"]);
    writeFileSync(path.join(dir, "b.txt"), `${REPORTS["b.txt"]}More of them arrived at the camps.\n`);
    const changed = await readCorpusFiles(dir, {}, known);
    expect(changed.files.map((f) => f.contentHash)).toEqual(["kept-a.txt", expect.stringMatching(/^[0-9a-f]{40}$/)]);
    expect(changed.files[1]?.text).toContain("More of them");
  });

  it("a snapshot spares the start from hashing unchanged files, and still serves them", async () => {
    const dir = tempCorpus(REPORTS);
    const dataDir = tempDir();
    const built = await openCorpus({ corpusDir: dir, dataDir });
    const restored = await openCorpus({ corpusDir: dir, dataDir });
    expect(restored.fromSnapshot).toBe(true);
    expect(restored.corpus.hash).toBe(built.corpus.hash);
    expect(restored.corpus.reports.map((r) => r.contentHash)).toEqual(built.corpus.reports.map((r) => r.contentHash));
  });
});

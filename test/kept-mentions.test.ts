import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Corpus } from "../src/corpus/types.js";
import type { PassageIndex } from "../src/search/index.js";
import { keptMentions } from "../src/search/kept-mentions.js";
import { reopenCorpus } from "../src/reload.js";
import { openCorpus } from "../src/sitrep.js";
import { findTemporalMentions, periodEnd } from "../src/temporal/index.js";
import { passagesInPathOrder, tempCorpus, tempDir } from "./helpers/corpus.js";

const REPORTS = {
  "a.txt":
    "date 2017-06-01\n\nIraqi forces entered the old city of Mosul on Thursday morning. The offensive began on October 17, 2016.\n\nAid agencies expect more people to flee in July.\n",
  "b.txt":
    "date 2017-06-02\n\nWASHINGTON | Thu Jun 1, 2017 3:54 pm EDT The talks resume next week. Thousands fled the fighting in western Mosul.\n",
  "c.txt": "date 2017-06-03\n\nNo date is named here at all.\n",
};

/** Each passage's periods as kept (null where the kept ones may leave a timestamp out) and as read from its text. */
function periodsOf(corpus: Corpus, index: PassageIndex) {
  const periods = (mentions: readonly { day: string; precision: Parameters<typeof periodEnd>[1] }[]) =>
    mentions.map((m) => `${m.day}..${periodEnd(m.day, m.precision)}`).sort();
  return passagesInPathOrder(corpus).map((passage) => {
    const text = index.passageText(passage);
    const kept = keptMentions(corpus, passage, text);
    return { text, kept: kept && periods(kept), read: periods(findTemporalMentions(text, passage.date)) };
  });
}

describe("date mentions kept for questions", () => {
  it("are every date the parser reads in a passage, built, restored from the snapshot and reloaded; none where a timestamp may be left out", async () => {
    const dir = tempCorpus(REPORTS);
    const options = { corpusDir: dir, dataDir: tempDir(), settleMs: 0 };
    const check = ({ corpus, index }: { corpus: Corpus; index: PassageIndex }) => {
      const found = periodsOf(corpus, index);
      for (const { kept, read } of found) if (kept) expect(kept).toEqual(read);
      const stamped = found.filter((f) => f.text.includes("3:54 pm"));
      expect(stamped.length).toBeGreaterThan(0);
      for (const { kept } of stamped) expect(kept).toBeNull();
      expect(found.filter((f) => f.kept && f.kept.length > 0).length).toBeGreaterThanOrEqual(3);
      expect(found.some((f) => f.kept?.length === 0)).toBe(true);
    };
    const built = await openCorpus(options);
    expect(built.fromSnapshot).toBe(false);
    check(built);
    // Checked before anything makes the restored mentions into objects (a timeline, a reload, the bot's warm-up).
    const restored = await openCorpus(options);
    expect(restored.fromSnapshot).toBe(true);
    check(restored);
    writeFileSync(path.join(dir, "d.txt"), "date 2017-06-06\n\nOn Monday 850,000 people were displaced.\n");
    check(await reopenCorpus(restored, options));
  });
});

import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Corpus } from "../src/corpus/types.js";
import type { PassageIndex } from "../src/search/index.js";
import { isTimestamp } from "../src/corpus/sentences.js";
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

/** Each passage's periods as kept and as read from its text, timestamps apart. */
function periodsOf(corpus: Corpus, index: PassageIndex) {
  const periods = (mentions: readonly { day: string; precision: Parameters<typeof periodEnd>[1] }[]) =>
    mentions.map((m) => `${m.day}..${periodEnd(m.day, m.precision)}`).sort();
  return passagesInPathOrder(corpus).map((passage) => {
    const text = index.passageText(passage);
    const kept = keptMentions(corpus, passage);
    const all = findTemporalMentions(text, passage.date);
    return {
      text,
      kept: kept && periods(kept),
      read: periods(all.filter((m) => !isTimestamp(text, m))),
      stamps: periods(all.filter((m) => isTimestamp(text, m))),
    };
  });
}

describe("date mentions kept for questions", () => {
  it("are every date the parser reads in a passage but its timestamps, built, restored from the snapshot and reloaded", async () => {
    const dir = tempCorpus(REPORTS);
    const options = { corpusDir: dir, dataDir: tempDir(), settleMs: 0 };
    const check = ({ corpus, index }: { corpus: Corpus; index: PassageIndex }) => {
      const found = periodsOf(corpus, index);
      for (const { kept, read } of found) expect(kept).toEqual(read);
      // The wire stamp dates the writing: no period of its passage, whose "next week" is kept.
      const stamped = found.filter((f) => f.text.includes("3:54 pm"));
      expect(stamped.length).toBeGreaterThan(0);
      for (const { kept, stamps } of stamped) {
        expect(stamps).toEqual(["2017-06-01..2017-06-01"]);
        expect(kept).toEqual(["2017-06-05..2017-06-11"]);
      }
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

describe("a count of days at a passage's head", () => {
  it("counts from the last day the passage before it named, built, restored and reloaded alike", async () => {
    const dir = tempCorpus({
      "a.txt": "date 2010-05-05\n\nThe rig exploded on April 20, killing 11 workers.\n\nIt sank two days later.\n",
      "b.txt": "date 2010-05-06\n\nIt sank two days later.\n",
    });
    const options = { corpusDir: dir, dataDir: tempDir(), settleMs: 0 };
    const sank = ({ corpus }: { corpus: Corpus }) =>
      passagesInPathOrder(corpus).map((passage) => (keptMentions(corpus, passage) ?? []).map((m) => m.day));
    // b.txt's passage has no passage before it: nothing to count from.
    const expected = [["2010-04-20"], ["2010-04-22"], []];
    const built = await openCorpus(options);
    expect(sank(built)).toEqual(expected);
    const restored = await openCorpus(options);
    expect(restored.fromSnapshot).toBe(true);
    expect(sank(restored)).toEqual(expected);
    writeFileSync(
      path.join(dir, "a.txt"),
      "date 2010-05-05\n\nThe rig exploded on April 21.\n\nIt sank two days later.\n",
    );
    expect(sank(await reopenCorpus(restored, options))).toEqual([["2010-04-21"], ["2010-04-23"], []]);
  });
});

describe("isTimestamp", () => {
  it("reads a correction column's day, or a reader's post's, glued into the text by the page, as a stamp", () => {
    const text =
      "Photograph: AP The following correction was printed in the Observer's For the record column, Sunday 20 June 2010 We reported below that the funds were invested.";
    const mentions = findTemporalMentions(text, "2010-06-13");
    expect(mentions.map((m) => [m.day, isTimestamp(text, m)])).toEqual([["2010-06-20", true]]);
    const posted = "It has a beautiful square Posted by chibeetle 2 May 2012 Isla Holbox is a peninsula.";
    expect(findTemporalMentions(posted, "2009-05-05").map((m) => isTimestamp(posted, m))).toEqual([true]);
    const told = "The correction was printed in the paper on Sunday 20 June 2010, after the column ran.";
    expect(findTemporalMentions(told, "2010-06-13").map((m) => isTimestamp(told, m))).toEqual([false]);
  });
});

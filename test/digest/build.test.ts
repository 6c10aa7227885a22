import { describe, expect, it } from "vitest";
import { buildDigest, leadPassage, renderDigestText, validateTopic } from "../../src/digest/build.js";
import { DigestError } from "../../src/digest/errors.js";
import { MORE_REPORTS, openTemp, REPORTS } from "./fixtures.js";

const window = { from: Date.UTC(2025, 5, 1, 9), to: Date.UTC(2025, 5, 2, 9) };

describe("buildDigest", () => {
  it("lists the new reports with a verbatim lead excerpt and a timeline of the events they add", async () => {
    const { opened } = await openTemp({ ...REPORTS, ...MORE_REPORTS });
    const fresh = ["spill/cap-fitted", "quake/aid-arrives"];
    const digest = await buildDigest(opened, fresh, window);
    if (digest === null) throw new Error("buildDigest made no digest of two new reports");
    expect(digest.reports.map((r) => r.reportId)).toEqual(["spill/cap-fitted", "quake/aid-arrives"]);
    expect(digest.newReports).toBe(2);
    expect(digest.catchUp).toBeNull();
    const byId = new Map(opened.corpus.reports.map((r) => [r.id, r]));
    for (const entry of digest.reports) {
      const report = byId.get(entry.reportId);
      expect(entry.excerpt?.reason).toBe("lead");
      expect(report?.text.slice(entry.excerpt?.start, entry.excerpt?.end)).toBe(entry.excerpt?.text);
      expect(entry).toMatchObject({ title: report?.title, date: report?.date, dateSource: "frontmatter" });
    }
    expect(digest.reports[0]?.excerpt?.text).toMatch(/^BP fitted a new containment cap/);
    // The timeline only holds events from the new reports.
    expect(digest.timeline?.events.length).toBeGreaterThan(0);
    for (const event of digest.timeline?.events ?? []) {
      for (const source of event.sources) expect(fresh).toContain(source.reportId);
    }
    expect(digest.timeline?.events.map((e) => e.date)).toContain("2010-07-15");
  });

  it("with a topic keeps only matching reports, quoting the best-matching passage", async () => {
    const { opened } = await openTemp({ ...REPORTS, ...MORE_REPORTS });
    const all = opened.corpus.reports.map((r) => r.id);
    const digest = await buildDigest(opened, all, { ...window, topic: "earthquake survivors" });
    expect(digest?.reports.map((r) => r.reportId).sort()).toEqual(["quake/aid-arrives", "quake/haiti-quake"]);
    expect(digest?.newReports).toBe(5);
    for (const entry of digest?.reports ?? []) {
      expect(entry.excerpt?.reason).toBe("topic");
      expect(entry.excerpt?.text).toMatch(/earthquake|survivors/);
    }
    for (const event of digest?.timeline?.events ?? []) expect(event.reportId).toMatch(/^quake\//);
  });

  it("is null when nothing is new, when the new reports are gone, or when none matches the topic", async () => {
    const { opened } = await openTemp(REPORTS);
    expect(await buildDigest(opened, [], window)).toBeNull();
    expect(await buildDigest(opened, ["deleted/report"], window)).toBeNull();
    expect(await buildDigest(opened, ["spill/rig-explodes"], { ...window, topic: "earthquake" })).toBeNull();
  });

  it("caps the list and marks a catch-up", async () => {
    const { opened } = await openTemp({ ...REPORTS, ...MORE_REPORTS });
    const digest = await buildDigest(
      opened,
      opened.corpus.reports.map((r) => r.id),
      {
        ...window,
        maxReports: 2,
        missedRuns: 3,
      },
    );
    expect(digest?.reports).toHaveLength(2);
    expect(digest?.moreReports).toBe(3);
    expect(digest?.catchUp).toEqual({ missedRuns: 3 });
    // Newest publication first.
    expect(digest?.reports[0]?.date).toBe("2010-07-16");
  });

  it("renders as plain text", async () => {
    const { opened } = await openTemp({ ...REPORTS, ...MORE_REPORTS });
    const digest = await buildDigest(opened, ["spill/cap-fitted"], { ...window, missedRuns: 1 });
    const text = renderDigestText(
      digest ??
        ((): never => {
          throw new Error("no digest");
        })(),
      "Europe/London",
    );
    expect(text).toContain("1 new report since 2025-06-01 10:00 Europe/London (to 2025-06-02 10:00 Europe/London).");
    expect(text).toContain("Catch-up: this digest also covers 1 scheduled digest missed while Sitrep was offline.");
    expect(text).toContain("• Cap fitted on leaking oil well — 2010-07-16 — spill/cap-fitted.txt");
    expect(text).toContain("> BP fitted a new containment cap");
    expect(text).toContain("Timeline");
  });
});

describe("leadPassage and validateTopic", () => {
  it("skips a headline repeated as the first sentence", async () => {
    const { opened } = await openTemp({
      "a.txt":
        "date 2010-05-01\nSpill reaches the coast\n" +
        "Oil from the leaking well washed ashore in Louisiana on Friday morning.\n",
    });
    const report = opened.corpus.reports[0];
    if (!report) throw new Error("no report");
    const lead = leadPassage(report);
    expect(lead && report.text.slice(lead.start, lead.end)).toMatch(/^Oil from the leaking well/);
  });

  it("accepts a topic with searchable words and refuses others", async () => {
    const { opened } = await openTemp(REPORTS);
    expect(validateTopic("  oil   spill ", opened.index)).toBe("oil spill");
    expect(validateTopic("", opened.index)).toBeNull();
    expect(validateTopic(null, opened.index)).toBeNull();
    expect(() => validateTopic("the of and", opened.index)).toThrow(DigestError);
    expect(() => validateTopic("x".repeat(400), opened.index)).toThrow(/limit is 300/);
  });
});

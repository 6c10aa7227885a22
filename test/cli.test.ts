import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runTimelineCommand, timelineJson } from "../src/cli/timeline.js";
import { SEED_CORPUS, tempCorpus, tempDir } from "./helpers/corpus.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");

/** The CLI as users and automated checks run it: a real process, stdout and stderr apart. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: tempDir("sitrep-cli-data-") },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("cli ask", () => {
  it("prints one JSON document with the documented fields", async () => {
    const { code, stdout } = await cli("ask", "How many people have fled Mosul?", "--json", "--limit", "2");
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.query).toBe("How many people have fled Mosul?");
    expect(doc.results).toHaveLength(2);
    for (const r of doc.results) {
      expect(r).toEqual(
        expect.objectContaining({
          reportId: expect.any(String),
          title: expect.any(String),
          excerpt: expect.any(String),
          score: expect.any(Number),
        }),
      );
      expect(["header", "frontmatter", "inferred", "none"]).toContain(r.dateSource);
      expect(r.date === null || /^\d{4}-\d{2}-\d{2}$/.test(r.date)).toBe(true);
    }
  });

  it("returns empty results and a message when nothing is relevant", async () => {
    const { code, stdout } = await cli("ask", "bitcoin price forecast", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ results: [], message: "No report covers this." });
  });

  it("prints quotes, titles and dates as text without --json", async () => {
    const { stdout } = await cli("ask", "Grand Mosque", "--limit", "1");
    expect(stdout).toMatch(/^1\. “.*Grand Mosque.*”\n {3}— .* · 2017-06-28 · 000_836b727390f08bf6\.txt\n$/s);
  });

  it("exits non-zero with a one-line reason for bad arguments and a missing corpus", async () => {
    for (const args of [
      ["ask", "Mosul", "--since", "2017-13-45"],
      ["ask", "Mosul", "--limit", "zero"],
      ["ask"],
      ["ask", "x".repeat(301)],
      ["ask", "Mosul", "--corpus", "/nonexistent/sitrep"],
      ["frobnicate"],
    ]) {
      const { code, stdout, stderr } = await cli(...args);
      expect(code, args.join(" ")).not.toBe(0);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")[0]).toMatch(/^sitrep: /);
    }
  });
});

describe("cli reports", () => {
  it("lists reports and rejected files, and exits 0 when some files are bad", async () => {
    const dir = tempCorpus({ "a.txt": "date 2017-01-01 A report. It has text.", "b.pdf": "%PDF" });
    const { code, stdout } = await cli("reports", "--corpus", dir, "--json");
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.reports).toEqual([
      {
        id: "a",
        file: "a.txt",
        title: "A report.",
        date: "2017-01-01",
        dateSource: "header",
        passages: 2,
        warnings: [],
      },
    ]);
    expect(doc.rejected).toEqual([{ file: "b.pdf", reason: expect.stringMatching(/unsupported extension \.pdf/) }]);
  });
});

describe("cli timeline", () => {
  it("prints chronological events with verbatim quotes in the documented shape", async () => {
    const { code, stdout } = await cli("timeline", "--corpus", SEED_CORPUS, "--json", "--dates", "6");
    expect(code).toBe(0);
    const { events } = JSON.parse(stdout);
    expect(events.length).toBeGreaterThan(0);
    const days = events.map((e: { date: string }) => e.date.slice(0, 4));
    expect([...days].sort()).toEqual(days);
    for (const e of events) {
      expect(["day", "week", "month", "year"]).toContain(e.precision);
      expect(e.sources[0]).toEqual({ reportId: e.reportId, reportDate: e.reportDate, quote: e.quote });
    }
  });

  it("--granularity day is the evaluation's protocol: N distinct dated days, one entry per day, as eval:timeline gets them", async () => {
    const args = ["--since", "2014-01-01", "--until", "2017-07-31", "--dates", "5", "--per-date", "2"];
    const { code, stdout } = await cli("timeline", "--corpus", SEED_CORPUS, "--granularity", "day", "--json", ...args);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    const days = new Set(doc.events.map((e: { date: string }) => e.date));
    expect(days.size).toBe(5);
    for (const e of doc.events)
      expect(e).toMatchObject({ precision: "day", date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(doc.events.some((e: { disputedDates?: unknown }) => e.disputedDates)).toBe(false);
    const timeline = await runTimelineCommand({
      corpusDir: SEED_CORPUS,
      dataDir: null,
      topic: null,
      since: "2014-01-01",
      until: "2017-07-31",
      dates: 5,
      perDate: 2,
      granularity: "day",
    });
    expect(doc).toEqual(timelineJson(timeline));
  });

  it("takes --dates up to 1000 and only day or any as --granularity", async () => {
    expect((await cli("timeline", "--dates", "1000", "--json")).code).toBe(0);
    for (const args of [
      ["--dates", "1001"],
      ["--granularity", "week"],
    ]) {
      const { code, stderr } = await cli("timeline", ...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(
        /^sitrep: --(dates must be a whole number from 1 to 1000|granularity must be "day" or "any")/,
      );
    }
  }, 40_000);

  it("refuses a reversed date range", async () => {
    const { code, stderr } = await cli("timeline", "--since", "2017-07-01", "--until", "2017-01-01");
    expect(code).toBe(2);
    expect(stderr).toMatch(/since 2017-07-01 is after until 2017-01-01/);
  });
});

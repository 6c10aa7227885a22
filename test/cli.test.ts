import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { SEED_CORPUS, tempCorpus, tempDir } from "./helpers/corpus.js";
import { pngFacts } from "./helpers/png.js";

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

  it("refuses a reversed date range", async () => {
    const { code, stderr } = await cli("timeline", "--since", "2017-07-01", "--until", "2017-01-01");
    expect(code).toBe(2);
    expect(stderr).toMatch(/--since 2017-07-01 is after --until 2017-01-01/);
  });

  it("writes the picture with --png, in the theme asked for, and still prints the JSON", async () => {
    const dir = tempDir("sitrep-cli-png-");
    const file = path.join(dir, "timeline.png");
    const { code, stdout } = await cli("timeline", "--corpus", SEED_CORPUS, "--json", "--png", file, "--theme", "dark");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).events.length).toBeGreaterThan(0);
    const picture = pngFacts(readFileSync(file));
    expect(picture.corner).toBe("#313338");
    expect(picture.width).toBeGreaterThanOrEqual(1000);
    expect(picture.height).toBeGreaterThanOrEqual(400);
  }, 60_000);

  it("says why it cannot write a picture", async () => {
    const cases: [string[], RegExp][] = [
      [["--png", "x.png", "--theme", "sepia"], /^sitrep: --theme must be light or dark, got "sepia"\n$/],
      [["--theme", "dark"], /^sitrep: --theme needs --png FILE\n$/],
      [["--png", path.join(tempDir(), "missing", "x.png")], /^sitrep: could not write --png .*missing.*ENOENT/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli("timeline", "--corpus", SEED_CORPUS, ...args)));
    results.forEach(({ code, stderr }, i) => {
      const [args, message] = cases[i] ?? [[], /$^/];
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(message);
    });
  }, 60_000);
});

import { execFile } from "node:child_process";
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runTimelineCommand, timelineJson } from "../src/cli/timeline.js";
import { runCli } from "../src/cli/main.js";
import { SEED_CORPUS, tempCorpus, tempDir } from "./helpers/corpus.js";
import { CLI_BUNDLE } from "../scripts/bundle-cli.js";
import { distScript, ROOT } from "./helpers/dist.js";
import { pngFacts } from "./helpers/png.js";

const run = promisify(execFile);

/** The CLI as built for users: one bundled file (scripts/bundle-cli.ts). */
const CLI = path.join(ROOT, CLI_BUNDLE);

/** The CLI as users and automated checks run it: the built bundle (or `script`) in a real process, stdout and stderr apart. */
async function cliProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return scriptProcess(CLI, ...args);
}

async function scriptProcess(
  script: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: tempDir("sitrep-cli-data-") },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The same commands in this process: what they print and the exit code, without a process start each. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith(process.env, ...args);
}

/** The CLI in this process, with `env` as its environment. */
async function cliWith(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const output = {
    out: (text: string) => {
      stdout += text;
    },
    err: (text: string) => {
      stderr += text;
    },
  };
  const code = await runCli([...args, "--data-dir", tempDir("sitrep-cli-data-")], output, env);
  return { code, stdout, stderr };
}

/**
 * Preloaded into a CLI process: at exit, prints on stderr the CommonJS files it loaded (chrono and
 * the YAML library are loaded that way, on first use).
 */
const PRINT_LOADED = `data:text/javascript,import { createRequire } from "node:module";
process.on("exit", () => process.stderr.write("loaded: " + Object.keys(createRequire("/").cache).join(" ")));`;

describe("cli start from a snapshot", () => {
  it("loads chrono, the YAML library and pino only when a question, a report or a log line needs them", async () => {
    // The seed reports without their alias file (YAML, read at every start).
    const reports = readdirSync(SEED_CORPUS).filter((name) => name.endsWith(".txt"));
    const corpus = tempCorpus(
      Object.fromEntries(reports.map((name) => [name, readFileSync(path.join(SEED_CORPUS, name))])),
    );
    const dataDir = tempDir("sitrep-cli-data-");
    const ask = async (question: string) => {
      const args = [CLI, "ask", question, "--corpus", corpus, "--data-dir", dataDir];
      const { stdout, stderr } = await run(process.execPath, ["--import", PRINT_LOADED, ...args], { cwd: ROOT });
      expect(stdout).toContain("1. ");
      return stderr;
    };
    // Made from the reports: parsing them reads their dates.
    expect(await ask("How many people have fled Mosul?")).toMatch(/chrono-node/);
    const fromSnapshot = await ask("How many people have fled Mosul?");
    expect(fromSnapshot).toMatch(/^loaded: /);
    const lazy = /chrono-node|node_modules\/(yaml|pino)\//;
    expect(fromSnapshot.split(" ").filter((file) => lazy.test(file))).toEqual([]);
    expect(await ask("What happened in Mosul in July 2017?")).toMatch(/chrono-node/);
  });

  it("answers from the bundle as the compiled CLI does, and loads the picture's renderer beside it", async () => {
    const dataDir = tempDir("sitrep-cli-data-");
    const compiledCli = distScript("src/cli/main.ts");
    const question = ["ask", "How many people have fled Mosul?", "--json", "--data-dir", dataDir];
    // The bundle's first question makes the snapshot; the other runs read it, side by side.
    const bundledAsk = await scriptProcess(CLI, ...question);
    const picture = path.join(tempDir("sitrep-cli-png-"), "timeline.png");
    const [bundledTimeline, compiledAsk, compiledTimeline, drawn] = await Promise.all([
      scriptProcess(CLI, "timeline", "--data-dir", dataDir),
      scriptProcess(compiledCli, ...question),
      scriptProcess(compiledCli, "timeline", "--data-dir", dataDir),
      // The renderer (Vega, a worker) is left out of the bundle and imported from dist/ when asked for.
      scriptProcess(CLI, "timeline", "--data-dir", dataDir, "--png", picture),
    ]);
    const outputs = [
      [bundledAsk, bundledTimeline],
      [compiledAsk, compiledTimeline],
    ].map(([ask, timeline]) => {
      expect([ask?.code, ask?.stderr, timeline?.code, timeline?.stderr]).toEqual([0, "", 0, ""]);
      return { ask: ask?.stdout, timeline: timeline?.stdout };
    });
    const [bundled, compiled] = outputs;
    expect(JSON.parse(bundled?.ask ?? "").results.length).toBeGreaterThan(0);
    expect(bundled).toEqual(compiled);
    expect([drawn.code, drawn.stderr]).toEqual([0, ""]);
    expect(pngFacts(readFileSync(picture)).inked).toBeGreaterThan(0.01);
  }, 60_000);
});

describe("cli ask", () => {
  it("prints one JSON document with the documented fields (a real process)", async () => {
    const { code, stdout } = await cliProcess("ask", "How many people have fled Mosul?", "--json", "--limit", "2");
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

  it("writes a quote that opens with the report's own quotation mark without a second opening mark", async () => {
    const { stdout } = await cli("ask", "When will forces reach the Corniche?", "--limit", "1");
    expect(stdout).toMatch(/^1\. “In a few days our forces will reach the Corniche[^“”]*,” [^“”]*Old City\.\n {3}— /);
  });

  it("exits 2 with a one-line reason on stderr and nothing on stdout (a real process)", async () => {
    const { code, stdout, stderr } = await cliProcess("ask", "Mosul", "--since", "2017-13-45");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe('sitrep: --since must be a real date as YYYY-MM-DD, got "2017-13-45"\n');
  });

  it("refuses a size the command would not serve, instead of serving less than asked", async () => {
    for (const [args, reason] of [
      [["ask", "Mosul", "--limit", "26"], '--limit must be a whole number from 1 to 25, got "26"'],
      [["timeline", "--per-date", "11"], '--per-date must be a whole number from 1 to 10, got "11"'],
    ] as const) {
      const { code, stdout, stderr } = await cli(...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(`sitrep: ${reason}\n`);
    }
  });

  it("reads the corpus with the bot's size limit and link rule, and names a malformed one", async () => {
    const dir = tempCorpus({
      "small.txt": "date 2017-01-01\n\nMilitants fled the old city.\n",
      "large.txt": `date 2017-01-02\n\nMilitants fled the old city. ${"More detail follows here. ".repeat(40)}\n`,
    });
    const reports = async (env: NodeJS.ProcessEnv) =>
      JSON.parse((await cliWith(env, "reports", "--corpus", dir, "--json")).stdout);
    const limited = await reports({ ...process.env, MAX_REPORT_BYTES: "200" });
    expect(limited.reports.map((r: { file: string }) => r.file)).toEqual(["small.txt"]);
    expect(limited.rejected).toEqual([expect.objectContaining({ file: "large.txt" })]);
    const unlimited = await reports({ ...process.env, MAX_REPORT_BYTES: undefined });
    expect(unlimited.reports).toHaveLength(2);
    for (const [name, value] of [
      ["MAX_REPORT_BYTES", "2MB"],
      ["FOLLOW_EXTERNAL_LINKS", "ture"],
    ]) {
      const { code, stdout, stderr } = await cliWith(
        { ...process.env, [name as string]: value },
        "reports",
        "--corpus",
        dir,
      );
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`${name}: should be`);
      expect(stderr).toContain(`got "${value}"`);
    }
  });

  it("lists --data-dir in its usage, for every command", async () => {
    const { stdout } = await cli("--help");
    expect(stdout.split("\n").filter((line) => /sitrep (ask|timeline|reports)/.test(line))).toEqual([
      expect.stringContaining("--data-dir DIR"),
      expect.stringContaining("--data-dir DIR"),
      expect.stringContaining("--data-dir DIR"),
    ]);
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

describe("cli: what the corpus holds cannot drive the terminal", () => {
  it("writes newlines, escape sequences and direction overrides in file names and text as escapes", async () => {
    const evilName = "line\nforged: 0 reports\u001b[2Jx\u202e.txt";
    const dir = tempCorpus({
      [evilName]: "date 2017-01-01 The \u001b]0;pwned\u0007 militants fled.\u001b[31m They left.\n",
      "bad\nname.pdf": "%PDF",
    });
    const reports = await cli("reports", "--corpus", dir);
    const answer = await cli("ask", "militants", "--corpus", dir);
    for (const { code, stdout } of [reports, answer]) {
      expect(code).toBe(0);
      expect(stdout.replaceAll("\n", "")).not.toMatch(/[\p{Cc}\u202a-\u202e]/u);
    }
    expect(reports.stdout).toContain("[line\\nforged: 0 reports\\e[2Jx\\u{202e}.txt, 1 passage]");
    expect(reports.stdout).toContain("- bad\\nname.pdf: unsupported extension .pdf");
    expect(reports.stdout.split("\n")).toHaveLength(6);
    expect(answer.stdout).toContain("“The \\e]0;pwned\\u{7} militants fled.\\e[31m They left.”");
  });
});

describe("cli: questions and corpora with nothing in them", () => {
  it("calls a question of invisible characters empty", async () => {
    const { code, stdout, stderr } = await cli("ask", "\u200b".repeat(300));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^sitrep: The question is empty\./);
  });

  it("says the corpus folder has no reports, not that no report covers the question", async () => {
    const dir = tempCorpus({ "notes.pdf": "%PDF" });
    const { code, stdout } = await cli("ask", "Mosul", "--corpus", dir, "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ results: [], message: expect.stringMatching(/has no reports/) });
  });
});

describe("cli reports", () => {
  it("lists a link to a file outside the corpus folder as not loaded, with the reason, and never quotes it", async () => {
    const outside = tempDir("sitrep-outside-");
    writeFileSync(path.join(outside, "secrets.txt"), "db_password = hunter2. Never quote this.\n");
    const dir = tempCorpus({ "a.txt": "date 2017-01-01 A report. It has text." });
    symlinkSync(path.join(outside, "secrets.txt"), path.join(dir, "leak.txt"));
    const reports = await cli("reports", "--corpus", dir);
    expect(reports.stdout).toContain("- leak.txt: link to a file outside the corpus folder, not followed");
    const answer = await cli("ask", "db_password hunter2", "--corpus", dir, "--json");
    const doc = JSON.parse(answer.stdout);
    expect(doc.results).toEqual([]);
    expect(JSON.stringify(doc.nearMisses ?? [])).not.toContain("hunter2");
  });

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

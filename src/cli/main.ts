// src/cli: the command-line front end (ask, timeline, reports).
import { writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { reportsPerDay } from "../chart/report-counts.js";
import { CHART_THEMES, type ChartTheme } from "../chart/theme.js";
import { ConfigError, loadCliConfig } from "../config.js";
import { CorpusError } from "../corpus/load.js";
import type { Corpus } from "../corpus/types.js";
import { answerQuestion, checkDateRange, MAX_LIMIT, QuestionError, validateQuestion } from "../search/answer.js";
import { openCorpus } from "../sitrep.js";
import { parseIsoDate } from "../temporal/calendar.js";
import { MAX_DATES, MAX_PER_DATE } from "../timeline/build.js";
import type { Timeline } from "../timeline/types.js";
import { formatAnswer, formatReports, formatTimeline } from "./format.js";
import { runTimelineCommandWithCorpus, timelineJson } from "./timeline.js";

const USAGE = `Usage:
  sitrep ask "<question>" [--corpus DIR] [--data-dir DIR] [--limit N] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--json]
  sitrep timeline ["<topic>"] [--corpus DIR] [--data-dir DIR] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--dates N] [--per-date K] [--granularity day|any] [--json]
                  [--png FILE [--theme light|dark]]
  sitrep reports [--corpus DIR] [--data-dir DIR] [--json]`;

/** A problem with how the CLI was called: printed as one line, exit code 2. */
class UsageError extends Error {}

function dateOption(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const date = parseIsoDate(value);
  if (!date) throw new UsageError(`--${name} must be a real date as YYYY-MM-DD, got "${value}"`);
  return date;
}

/** A whole number from 1 to `max` (what the command serves at most: a larger one is refused, not cut). */
function positiveInteger(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

function granularityOption(value: string | undefined): "day" | "any" | undefined {
  if (value === undefined || value === "day" || value === "any") return value;
  throw new UsageError(`--granularity must be "day" or "any", got "${value}"`);
}

/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** `timeline --png FILE`: the picture of the timeline, or a note on stderr when it has no events. */
async function writePicture(
  io: CliOutput,
  file: string,
  timeline: Timeline,
  corpus: Corpus,
  theme: ChartTheme,
): Promise<void> {
  if (timeline.events.length === 0) {
    io.err(`sitrep: no events, so no picture was written to ${file}\n`);
    return;
  }
  const counts = reportsPerDay(corpus, { since: timeline.since, until: timeline.until });
  // Loaded only here: Vega takes about a second to load, which no other command should pay.
  const { renderTimelineChart } = await import("../chart/timeline-chart.js");
  const chart = await renderTimelineChart({ timeline, reportsPerDay: counts, theme });
  try {
    await writeFile(file, chart.png);
  } catch (error) {
    throw new UsageError(`could not write --png ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(argv: string[], io: CliOutput, env: NodeJS.ProcessEnv): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  function parse(args: string[]) {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        corpus: { type: "string" },
        "data-dir": { type: "string" },
        limit: { type: "string" },
        dates: { type: "string" },
        "per-date": { type: "string" },
        granularity: { type: "string" },
        since: { type: "string" },
        until: { type: "string" },
        json: { type: "boolean", default: false },
        png: { type: "string" },
        theme: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  }
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    io.out(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  const environment = loadCliConfig(env);
  const corpusDir = values.corpus ?? environment.CORPUS_DIR;
  const dataDir = values["data-dir"] ?? environment.DATA_DIR;
  const reading = {
    maxReportBytes: environment.MAX_REPORT_BYTES,
    followExternalLinks: environment.FOLLOW_EXTERNAL_LINKS,
  };

  switch (command) {
    case "ask": {
      if (rest.length !== 1)
        throw new UsageError('ask takes one question in quotes: ask "How many people have fled Mosul?"');
      const since = dateOption("since", values.since);
      const until = dateOption("until", values.until);
      const limit = positiveInteger("limit", values.limit, MAX_LIMIT);
      const { index } = await openCorpus({ corpusDir, dataDir, ...reading });
      const answer = answerQuestion(index, rest[0] as string, { limit, since, until });
      if (values.json) {
        const toJson = (e: (typeof answer.results)[number]) => ({
          reportId: e.reportId,
          title: e.title,
          date: e.date,
          dateSource: e.dateSource,
          excerpt: e.text,
          score: e.score,
          file: e.file,
          start: e.start,
          end: e.end,
          matchedTerms: e.matchedTerms,
        });
        const doc = {
          query: answer.query,
          results: answer.results.map(toJson),
          ...(answer.message ? { message: answer.message } : {}),
          ...(answer.nearMisses.length > 0 ? { nearMisses: answer.nearMisses.map(toJson) } : {}),
          range: answer.range,
          ...(answer.figures ? { figures: answer.figures } : {}),
        };
        io.out(`${JSON.stringify(doc, null, 2)}\n`);
      } else {
        io.out(`${formatAnswer(answer)}\n`);
      }
      return 0;
    }
    case "timeline": {
      if (rest.length > 1) throw new UsageError('timeline takes at most one topic in quotes: timeline "grand mosque"');
      const since = dateOption("since", values.since);
      const until = dateOption("until", values.until);
      checkDateRange(since, until);
      const dates = positiveInteger("dates", values.dates, MAX_DATES);
      const perDate = positiveInteger("per-date", values["per-date"], MAX_PER_DATE);
      const granularity = granularityOption(values.granularity);
      const topic = rest[0] ?? null;
      if (topic !== null) validateQuestion(topic);
      const theme = CHART_THEMES.find((t) => t === (values.theme ?? "light"));
      if (!theme) throw new UsageError(`--theme must be ${CHART_THEMES.join(" or ")}, got "${values.theme}"`);
      if (values.theme !== undefined && values.png === undefined) throw new UsageError("--theme needs --png FILE");
      if (values.png === "") throw new UsageError("--png needs a file name");
      const command = { corpusDir, dataDir, reading, topic, since, until, dates, perDate, granularity };
      const { timeline, corpus } = await runTimelineCommandWithCorpus(command);
      if (values.png !== undefined) await writePicture(io, values.png, timeline, corpus, theme);
      if (values.json) {
        io.out(`${JSON.stringify(timelineJson(timeline), null, 2)}\n`);
      } else {
        io.out(`${formatTimeline(timeline)}\n`);
      }
      return 0;
    }
    case "reports": {
      if (rest.length > 0) throw new UsageError(`reports takes no arguments, got "${rest.join(" ")}"`);
      const { corpus } = await openCorpus({ corpusDir, dataDir, ...reading });
      if (values.json) {
        const doc = {
          reports: corpus.reports.map((r) => ({
            id: r.id,
            file: r.file,
            title: r.title,
            date: r.date,
            dateSource: r.dateSource,
            passages: r.passages.length,
            warnings: r.warnings,
          })),
          rejected: corpus.rejected,
        };
        io.out(`${JSON.stringify(doc, null, 2)}\n`);
      } else {
        io.out(`${formatReports(corpus)}\n`);
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

/**
 * Runs one CLI command with `env` as its environment; resolves to the exit code. Never throws:
 * failures become a line on `io.err`.
 */
export async function runCli(
  argv: string[],
  io: CliOutput = processOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    return await main(argv, io, env);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof QuestionError ||
      error instanceof CorpusError ||
      error instanceof ConfigError
    ) {
      io.err(`sitrep: ${error.message}\n`);
      return 2;
    }
    io.err(`sitrep: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await runCli(process.argv.slice(2));
}

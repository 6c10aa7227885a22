import type { LoadOptions } from "../corpus/load.js";
import type { Corpus } from "../corpus/types.js";
import { openCorpus } from "../sitrep.js";
import { NEVER_GIVE_WAY } from "../time-slice.js";
import { buildTimeline } from "../timeline/build.js";
import type { DatePrecision, Timeline } from "../timeline/types.js";

/**
 * The `timeline` command's work, apart from argument parsing so that `npm run eval:timeline`
 * runs exactly this: what the evaluation scores is what a user or a script gets.
 */
export interface TimelineCommand {
  corpusDir: string;
  dataDir: string | null;
  /** How the corpus is read (the size limit, links outside it): the loader's defaults when left out. */
  reading?: Pick<LoadOptions, "maxReportBytes" | "followExternalLinks">;
  topic: string | null;
  since: string | null;
  until: string | null;
  dates?: number | undefined;
  perDate?: number | undefined;
  /** "day": dated days only, one entry per day (the Timeline17 protocol). Default: days first. */
  granularity?: "day" | "any" | undefined;
}

export interface TimelineJson {
  events: {
    date: string;
    precision: DatePrecision;
    quote: string;
    reportId: string;
    reportDate: string | null;
    sources: { reportId: string; reportDate: string | null; quote: string }[];
    disputedDates?: { date: string; precision: DatePrecision; reportId: string }[];
  }[];
  message?: string;
}

/** The command's timeline and the corpus it was built from (the picture counts its reports per day). */
export async function runTimelineCommandWithCorpus(
  command: TimelineCommand,
): Promise<{ timeline: Timeline; corpus: Corpus }> {
  const opened = await openCorpus({ corpusDir: command.corpusDir, dataDir: command.dataDir, ...command.reading });
  // A CLI run has nothing else to serve while it works.
  const timeline = await buildTimeline(
    opened,
    {
      topic: command.topic,
      since: command.since,
      until: command.until,
      dates: command.dates,
      perDate: command.perDate,
      granularity: command.granularity ?? "days-first",
    },
    NEVER_GIVE_WAY,
  );
  return { timeline, corpus: opened.corpus };
}

export async function runTimelineCommand(command: TimelineCommand): Promise<Timeline> {
  return (await runTimelineCommandWithCorpus(command)).timeline;
}

export function timelineJson(timeline: Timeline): TimelineJson {
  return {
    events: timeline.events.map((e) => ({
      date: e.date,
      precision: e.precision,
      quote: e.quote,
      reportId: e.reportId,
      reportDate: e.reportDate,
      sources: e.sources.map((s) => ({ reportId: s.reportId, reportDate: s.reportDate, quote: s.quote })),
      ...(e.disputedDates.length > 0 ? { disputedDates: e.disputedDates } : {}),
    })),
    ...(timeline.message ? { message: timeline.message } : {}),
  };
}

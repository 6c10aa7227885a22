import * as z from "zod";
import { renderTimelineChartOffThread } from "../../chart/off-thread.js";
import { type DayCount, reportsPerDay } from "../../chart/report-counts.js";
import { CHART_THEMES, type ChartTheme } from "../../chart/theme.js";
import type { Logger } from "../../logger.js";
import type { Timeline } from "../../timeline/types.js";
import { stateRoom } from "../custom-id.js";
import { UserError } from "../errors.js";
import { plainText } from "../plain-text.js";
import { corpusTag } from "../render/format.js";
import type { ReplyData } from "../render/reply.js";
import { renderTimeline } from "../render/timeline.js";
import type { BotContext } from "../types.js";
import { dateRange, pause } from "./ask.js";

/** How many dates a /timeline shows in all (five a page). */
export const TIMELINE_DATES = 20;
export const MAX_TOPIC_LENGTH = 100;

/** How long a reply waits for its picture; past that it goes without one. */
export const PICTURE_TIMEOUT_MS = 15_000;

export interface TimelineParams {
  topic: string | null;
  since: string | null;
  until: string | null;
  theme: ChartTheme;
}

export function timelineParams(raw: {
  topic?: string | null;
  since?: string | null;
  until?: string | null;
  theme?: string | null;
}): TimelineParams {
  const topic = (raw.topic ? plainText(raw.topic) : "") || null;
  if (topic && topic.length > MAX_TOPIC_LENGTH) {
    throw new UserError(`The topic is ${topic.length} characters long; the limit is ${MAX_TOPIC_LENGTH}.`);
  }
  const theme = CHART_THEMES.find((t) => t === (raw.theme ?? "light"));
  if (!theme) throw new UserError(`The theme must be ${CHART_THEMES.join(" or ")}, not “${raw.theme}”.`);
  return { topic, ...dateRange(raw.since, raw.until), theme };
}

const nullableText = z.string().nullable();
// Buttons made before the picture had a theme carry three values; they still work, in the light theme.
const stateSchema = z.union([
  z.tuple([nullableText, nullableText, nullableText]),
  z.tuple([nullableText, nullableText, nullableText, z.string()]),
]);

export function encodeTimelineState(params: TimelineParams): unknown[] {
  return [params.topic, params.since, params.until, params.theme];
}

export function decodeTimelineState(value: unknown): TimelineParams | null {
  const parsed = stateSchema.safeParse(value);
  if (!parsed.success) return null;
  try {
    const [topic, since, until, theme] = parsed.data;
    return timelineParams({ topic, since, until, theme });
  } catch {
    return null;
  }
}

/**
 * The timeline's picture (src/chart), drawn on the chart thread, or null when there is nothing to draw
 * or it failed or took too long: the picture is an extra, and its absence never costs the answer.
 */
export async function timelinePicture(
  timeline: Timeline,
  counts: readonly DayCount[],
  theme: ChartTheme,
  logger: Pick<Logger, "warn"> | null,
): Promise<Buffer | null> {
  if (timeline.events.length === 0) return null;
  try {
    const chart = await renderTimelineChartOffThread(
      { timeline, reportsPerDay: counts, theme },
      { signal: AbortSignal.timeout(PICTURE_TIMEOUT_MS) },
    );
    return chart.png;
  } catch (error) {
    logger?.warn({ reason: error instanceof Error ? error.message : String(error) }, "timeline picture left out");
    return null;
  }
}

export async function timelineReply(context: BotContext, params: TimelineParams, page: number): Promise<ReplyData> {
  await pause(context.workDelayMs);
  const opened = context.live.current;
  const { theme, ...options } = params;
  const timeline = await context.buildTimeline(opened, { ...options, dates: TIMELINE_DATES });
  const counts = reportsPerDay(opened.corpus, { since: timeline.since, until: timeline.until });
  const picture = await timelinePicture(timeline, counts, theme, context.logger);
  const issuedAt = context.now();
  const room = stateRoom("timeline", "p", "99", issuedAt);
  const state = context.buttonStates.put(encodeTimelineState(params), room, issuedAt);
  return renderTimeline({
    timeline,
    corpus: opened.corpus,
    page,
    ids: { issuedAt, state, corpusTag: corpusTag(opened.corpus) },
    picture,
  });
}

import { z } from "zod";
import { stateRoom } from "../custom-id.js";
import { UserError } from "../errors.js";
import { corpusTag } from "../render/format.js";
import type { ReplyData } from "../render/reply.js";
import { renderTimeline } from "../render/timeline.js";
import type { BotContext } from "../types.js";
import { dateRange, pause } from "./ask.js";

/** How many dates a /timeline shows in all (five a page). */
export const TIMELINE_DATES = 20;
export const MAX_TOPIC_LENGTH = 100;

export interface TimelineParams {
  topic: string | null;
  since: string | null;
  until: string | null;
}

export function timelineParams(raw: {
  topic?: string | null;
  since?: string | null;
  until?: string | null;
}): TimelineParams {
  const topic = raw.topic?.trim() || null;
  if (topic && topic.length > MAX_TOPIC_LENGTH) {
    throw new UserError(`The topic is ${topic.length} characters long; the limit is ${MAX_TOPIC_LENGTH}.`);
  }
  return { topic, ...dateRange(raw.since, raw.until) };
}

const stateSchema = z.tuple([z.string().nullable(), z.string().nullable(), z.string().nullable()]);

export function encodeTimelineState(params: TimelineParams): unknown[] {
  return [params.topic, params.since, params.until];
}

export function decodeTimelineState(value: unknown): TimelineParams | null {
  const parsed = stateSchema.safeParse(value);
  if (!parsed.success) return null;
  try {
    const [topic, since, until] = parsed.data;
    return timelineParams({ topic, since, until });
  } catch {
    return null;
  }
}

export async function timelineReply(context: BotContext, params: TimelineParams, page: number): Promise<ReplyData> {
  await pause(context.workDelayMs);
  const opened = context.live.current;
  const timeline = context.buildTimeline(opened, { ...params, dates: TIMELINE_DATES });
  const issuedAt = context.now();
  const room = stateRoom("timeline", "p", "99", issuedAt);
  const state = context.buttonStates.put(encodeTimelineState(params), room, issuedAt);
  return renderTimeline({
    timeline,
    corpus: opened.corpus,
    page,
    ids: { issuedAt, state, corpusTag: corpusTag(opened.corpus) },
  });
}

import type { DateSource } from "../corpus/types.js";

/** The timeline model: dated events in order, each quoted verbatim and cited. No Discord types. */

import type { DatePrecision } from "../temporal/index.js";

export type { DatePrecision };

export interface TimelineCitation {
  reportId: string;
  reportTitle: string;
  reportFile: string;
  /** The citing report's publication date. */
  reportDate: string | null;
  reportDateSource: DateSource;
  /** Verbatim: `report.text.slice(start, end)`. */
  quote: string;
  start: number;
  end: number;
}

export interface TimelineEvent {
  /** "YYYY-MM-DD", "YYYY-Www", "YYYY-MM" or "YYYY", by precision. */
  date: string;
  precision: DatePrecision;
  /** First day of the event's period, for sorting and ranges. */
  day: string;
  /** The lead citation's quote and report, repeated here for convenience. */
  quote: string;
  reportId: string;
  reportDate: string | null;
  /** Every report that states this event, lead first. */
  sources: TimelineCitation[];
  /** Other dates that reports give for the same event, when they disagree. */
  disputedDates: { date: string; precision: DatePrecision; reportId: string }[];
}

export interface TimelineOptions {
  topic?: string | null;
  since?: string | null;
  until?: string | null;
  /** How many dates to keep (default: a chat-sized 8). */
  dates?: number;
  /** How many sentences per date (default 1). */
  perDate?: number;
}

export interface Timeline {
  topic: string | null;
  since: string | null;
  until: string | null;
  events: TimelineEvent[];
  /** Set when there are no events, saying why. */
  message?: string;
}

import type { Selectable } from "kysely";
import type { DeliveriesTable, DeliveryStatus, SubscriptionStatus, SubscriptionsTable } from "../store/tables.js";

/** The digest store's records as the rest of Sitrep sees them, and their mapping from table rows. */

export type { DeliveryStatus, SubscriptionStatus };

export interface Subscription {
  /** Short and typeable, e.g. "k7dx". Unique across all servers. */
  id: string;
  /** Null for a DM. */
  guildId: string | null;
  channelId: string;
  /** Normalised schedule text, see schedule.ts. */
  schedule: string;
  timezone: string;
  topic: string | null;
  status: SubscriptionStatus;
  /** Why it is paused, worded for people ("Sitrep can no longer post in this channel …"). */
  pausedReason: string | null;
  pausedAt: number | null;
  createdBy: string;
  createdAt: number;
  /**
   * Scheduled runs at or before this time are done (posted, skipped, failed or merged into a
   * catch-up) or deliberately not run (while paused). Null until the first run.
   */
  lastRunAt: number | null;
  /** When a digest was last delivered. */
  lastPostAt: number | null;
  /** Reports with seen_seq <= coveredSeq were covered by a delivered or skipped digest. */
  coveredSeq: number;
  /** When that covered window ended; "new since" for people. */
  coveredUntil: number;
}

export interface Delivery {
  subscriptionId: string;
  /** The run's scheduled time; with the subscription id, the run's identity. */
  scheduledAt: number;
  coveredFrom: number;
  coveredTo: number;
  /** Reports with seqFrom < seen_seq <= seqTo. */
  seqFrom: number;
  seqTo: number;
  status: DeliveryStatus;
  messageIds: string[];
  attempts: number;
  error: string | null;
  /** Scheduled runs this one stands in for besides itself (a catch-up after downtime). */
  missedRuns: number;
  recordedAt: number;
  updatedAt: number;
  /** The scheduler holding this run while it is "recorded", and until when (its lease). */
  claimedBy: string | null;
  leaseUntil: number | null;
}

export function toSubscription(row: Selectable<SubscriptionsTable>): Subscription {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    schedule: row.schedule,
    timezone: row.timezone,
    topic: row.topic,
    status: row.status,
    pausedReason: row.paused_reason,
    pausedAt: row.paused_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastRunAt: row.last_run_at,
    lastPostAt: row.last_post_at,
    coveredSeq: row.covered_seq,
    coveredUntil: row.covered_until,
  };
}

export function toDelivery(row: Selectable<DeliveriesTable>): Delivery {
  return {
    subscriptionId: row.subscription_id,
    scheduledAt: row.scheduled_at,
    coveredFrom: row.covered_from,
    coveredTo: row.covered_to,
    seqFrom: row.seq_from,
    seqTo: row.seq_to,
    status: row.status,
    messageIds: parseIds(row.message_ids),
    attempts: row.attempts,
    error: row.error,
    missedRuns: row.missed_runs,
    recordedAt: row.recorded_at,
    updatedAt: row.updated_at,
    claimedBy: row.claimed_by,
    leaseUntil: row.lease_until,
  };
}

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

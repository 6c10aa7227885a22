import type { ColumnType } from "kysely";

/**
 * The shared store's tables as the query builder sees them, for SQLite and PostgreSQL alike. Times are
 * epoch milliseconds (BIGINT on PostgreSQL, read back as numbers: see connect.ts).
 */

export type SubscriptionStatus = "active" | "paused";
export type DeliveryStatus = "recorded" | "delivered" | "skipped" | "failed";

/** Written on insert only when given; the column has a default. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface SubscriptionsTable {
  id: string;
  guild_id: string | null;
  channel_id: string;
  schedule: string;
  timezone: Defaulted<string>;
  topic: string | null;
  status: Defaulted<SubscriptionStatus>;
  paused_reason: string | null;
  paused_at: number | null;
  created_by: string;
  created_at: number;
  last_run_at: number | null;
  last_post_at: number | null;
  covered_seq: Defaulted<number>;
  covered_until: number;
  /** Same channel, schedule, zone and topic: unique, so two concurrent subscribes make one row. */
  twin_key: string | null;
  /** 1, 2, 3… in the order subscriptions were made (lists show them so). */
  created_order: number | null;
}

export interface DeliveriesTable {
  subscription_id: string;
  scheduled_at: number;
  covered_from: number;
  covered_to: number;
  seq_from: number;
  seq_to: number;
  status: DeliveryStatus;
  message_ids: Defaulted<string>;
  attempts: Defaulted<number>;
  error: string | null;
  missed_runs: Defaulted<number>;
  recorded_at: number;
  updated_at: number;
  /** The process holding the run while it is "recorded", and until when (see digest/deliver.ts). */
  claimed_by: string | null;
  lease_until: number | null;
}

export interface ReportsSeenTable {
  report_id: string;
  content_hash: string;
  first_seen_at: number;
  seen_seq: number;
  changed_at: number | null;
  removed_at: number | null;
}

export interface ButtonStatesTable {
  key: string;
  /** JSON. */
  value: string;
  saved_at: number;
}

export interface StoreMetaTable {
  name: string;
  value: string;
  updated_at: number;
}

export interface Tables {
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  reports_seen: ReportsSeenTable;
  button_states: ButtonStatesTable;
  store_meta: StoreMetaTable;
}

/** What makes two subscriptions the same digest: one channel, schedule, zone and topic (any case). */
export function twinKey(row: { channel_id: string; schedule: string; timezone: string; topic: string | null }): string {
  return JSON.stringify([row.channel_id, row.schedule, row.timezone, (row.topic ?? "").toLowerCase()]);
}

// src/ops: /healthz and /metrics for operators (prom-client).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Operations: what one process tells Prometheus and orchestrators about itself. Counters are fed by
 * the front end (interactions, digest runs, shard state); the corpus version is read when scraped.
 * No Discord types here: a shard is a number, an interaction a kind.
 */

export type ShardState = "connecting" | "ready" | "reconnecting" | "disconnected";

const SHARD_STATES: readonly ShardState[] = ["connecting", "ready", "reconnecting", "disconnected"];

/** The corpus this process serves, read at scrape time. */
export interface CorpusVersion {
  hash: string;
  reports: number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly interactions: Counter<"kind" | "outcome">;
  private readonly latency: Histogram<"kind">;
  private readonly digests: Counter<"outcome">;
  private readonly shardStatus: Gauge<"shard" | "state">;
  private readonly shards = new Map<number, ShardState>();

  constructor(corpus: () => CorpusVersion) {
    collectDefaultMetrics({ register: this.registry, prefix: "sitrep_" });
    this.interactions = new Counter({
      name: "sitrep_interactions_total",
      help: "Interactions and messages handled, by kind (command name, button, autocomplete, message) and outcome.",
      labelNames: ["kind", "outcome"],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: "sitrep_interaction_duration_seconds",
      help: "Time from receiving an interaction or message to its last reply, by kind.",
      labelNames: ["kind"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30],
      registers: [this.registry],
    });
    this.digests = new Counter({
      name: "sitrep_digests_total",
      help: "Digest runs finished by this process, by outcome (posted, skipped, failed, paused, interrupted).",
      labelNames: ["outcome"],
      registers: [this.registry],
    });
    this.shardStatus = new Gauge({
      name: "sitrep_shard_status",
      help: "1 for each shard's current gateway state in this process.",
      labelNames: ["shard", "state"],
      registers: [this.registry],
      collect: () => this.collectShards(),
    });
    new Gauge({
      name: "sitrep_corpus_info",
      help: "The corpus version served (its content hash), always 1; compare across processes.",
      labelNames: ["hash"],
      registers: [this.registry],
      collect() {
        this.reset();
        this.set({ hash: corpus().hash }, 1);
      },
    });
    new Gauge({
      name: "sitrep_corpus_reports",
      help: "Reports in the corpus served.",
      registers: [this.registry],
      collect() {
        this.set(corpus().reports);
      },
    });
    // Zero rows exist from the start, so a rate() over them works before the first event.
    for (const outcome of ["posted", "failed"]) this.digests.inc({ outcome }, 0);
  }

  /** Starts a latency measurement; call the result with the outcome when the reply is done. */
  interactionStarted(kind: string): (outcome: "ok" | "error") => void {
    const stop = this.latency.startTimer({ kind });
    return (outcome) => {
      stop();
      this.interactions.inc({ kind, outcome });
    };
  }

  /** A digest run's final status, as the scheduler reports it. */
  digestRun(status: string): void {
    const outcome = status === "delivered" ? "posted" : status;
    this.digests.inc({ outcome });
  }

  setShard(shard: number, state: ShardState): void {
    this.shards.set(shard, state);
  }

  shardStates(): ReadonlyMap<number, ShardState> {
    return this.shards;
  }

  private collectShards(): void {
    this.shardStatus.reset();
    for (const [shard, current] of this.shards) {
      for (const state of SHARD_STATES) {
        this.shardStatus.set({ shard: String(shard), state }, state === current ? 1 : 0);
      }
    }
  }
}

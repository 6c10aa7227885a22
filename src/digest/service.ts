import type { Opened } from "../search/index.js";
import { buildDigest, type Digest, type DigestOptions, validateTopic } from "./build.js";
import { DigestError, SubscriptionNotFoundError } from "./errors.js";
import { loadSchedule, nextRun, parseSchedule, type Schedule, searchTimeZones } from "./schedule.js";
import { type Delivery, type DigestStore, normaliseId, type Subscription } from "./store.js";

/**
 * What a /digest command calls. Every method takes the caller's scope, so a server only ever sees
 * and changes its own subscriptions, and a DM only its own. Errors meant for the caller are
 * DigestError (show `message`); anything else is a bug to log.
 */

/** Where the command was used: the server, or (guildId null) the DM channel. */
export interface Scope {
  guildId: string | null;
  channelId: string;
}

export interface SubscribeInput {
  guildId: string | null;
  /** The channel to post in (in a DM, the DM channel itself). */
  channelId: string;
  schedule: string;
  /** IANA name; default UTC. */
  timezone?: string | null;
  topic?: string | null;
  /** The user id of whoever subscribed. */
  createdBy: string;
}

export interface SubscriptionView extends Subscription {
  /** "every day at 09:00 (Europe/London)". */
  description: string;
  /** When the next digest is due; null when paused or the schedule has no more runs. */
  nextRun: Date | null;
  /** The newest entry of the delivery log. */
  lastDelivery: Delivery | null;
}

export type PreviewTarget = { id: string } | { topic: string | null; sinceMs?: number };

export interface DigestServiceOptions {
  store: DigestStore;
  corpus: { readonly current: Opened };
  now?: () => number;
  /** Told when subscriptions change, so it plans its next wake-up again. */
  scheduler?: { wake(): void } | null;
  /** Subscriptions per server or DM at most (autocomplete shows 25). Default 25. */
  maxPerScope?: number;
  /** Shortest schedule interval accepted. Default one hour. */
  minIntervalMs?: number;
  digest?: Pick<DigestOptions, "maxReports" | "timelineDates">;
}

export const DEFAULT_PREVIEW_WINDOW_MS = 24 * 60 * 60 * 1000;

export class DigestService {
  private readonly store: DigestStore;
  private readonly corpus: { readonly current: Opened };
  private readonly now: () => number;
  private readonly scheduler: { wake(): void } | null;
  private readonly maxPerScope: number;
  private readonly minIntervalMs: number | undefined;
  private readonly digestOptions: Pick<DigestOptions, "maxReports" | "timelineDates">;

  constructor(options: DigestServiceOptions) {
    this.store = options.store;
    this.corpus = options.corpus;
    this.now = options.now ?? (() => Date.now());
    this.scheduler = options.scheduler ?? null;
    this.maxPerScope = options.maxPerScope ?? 25;
    this.minIntervalMs = options.minIntervalMs;
    this.digestOptions = options.digest ?? {};
  }

  async subscribe(input: SubscribeInput): Promise<{ subscription: SubscriptionView; nextRun: Date | null }> {
    const now = this.now();
    const schedule = parseSchedule(input.schedule, input.timezone, {
      now,
      ...(this.minIntervalMs === undefined ? {} : { minIntervalMs: this.minIntervalMs }),
    });
    const topic = validateTopic(input.topic, this.corpus.current.index);
    // The store counts and inserts in one transaction, so subscribes at once cannot pass the limit
    // together; it also decides about twins (same channel, schedule, zone and topic) with a unique
    // key, so that two subscribes at once, even in two processes, make one digest.
    const created = await this.store.createSubscription(
      {
        guildId: input.guildId,
        channelId: input.channelId,
        schedule: schedule.text,
        timezone: schedule.timezone,
        topic,
        createdBy: input.createdBy,
      },
      now,
      { maxInScope: this.maxPerScope },
    );
    if ("full" in created) {
      const where = input.guildId ? "This server" : "This conversation";
      throw new DigestError(
        `${where} already has ${created.inScope} digests, the most allowed. Remove one with its id first.`,
      );
    }
    if (!created.created) {
      const twin = await this.view(created.twin);
      throw new DigestError(`That digest already exists here as “${twin.id}” (${twin.description}).`);
    }
    this.scheduler?.wake();
    const subscription = await this.view(created.subscription);
    return { subscription, nextRun: subscription.nextRun };
  }

  /** The scope's subscriptions, oldest first. In a server, those of every channel of it. */
  async list(scope: Scope): Promise<SubscriptionView[]> {
    const subscriptions = await this.store.listSubscriptions(this.filterFor(scope));
    const latest = await this.store.latestDeliveries(subscriptions.map((s) => s.id));
    return subscriptions.map((s) => this.viewWith(s, latest.get(s.id) ?? null));
  }

  /**
   * Whether the store takes writes, as last checked (at start): a read-only database would
   * otherwise look healthy in /digest list while every run fails.
   */
  storeHealth(): { writable: boolean; problem: string | null } {
    const { writable, problem } = this.store.database.writeCheck;
    return { writable, problem };
  }

  async get(id: string, scope: Scope): Promise<SubscriptionView> {
    return this.view(await this.find(id, scope));
  }

  async unsubscribe(id: string, scope: Scope): Promise<Subscription> {
    const subscription = await this.find(id, scope);
    await this.store.deleteSubscription(subscription.id);
    this.scheduler?.wake();
    return subscription;
  }

  async pause(id: string, scope: Scope, reason = "Paused by hand."): Promise<SubscriptionView> {
    const subscription = await this.find(id, scope);
    if (subscription.status === "paused") return this.view(subscription);
    const paused = await this.store.pauseSubscription(subscription.id, reason, this.now());
    this.scheduler?.wake();
    return this.view(paused ?? subscription);
  }

  /** Active again; the next digest covers everything since the last one, paused time included. */
  async resume(id: string, scope: Scope): Promise<SubscriptionView> {
    const subscription = await this.find(id, scope);
    if (subscription.status === "active") return this.view(subscription);
    const resumed = await this.store.resumeSubscription(subscription.id, this.now());
    this.scheduler?.wake();
    return this.view(resumed ?? subscription);
  }

  /**
   * What a digest would contain now, without posting or recording anything. For a subscription:
   * its next digest so far (everything since its last one). For a topic: reports first seen in the
   * last `sinceMs` (default 24 hours). Null: nothing to post.
   */
  async preview(target: PreviewTarget, scope: Scope): Promise<Digest | null> {
    const now = this.now();
    if ("id" in target) {
      const subscription = await this.find(target.id, scope);
      const ids = await this.store.reportIdsSeenBetween(subscription.coveredSeq, await this.store.maxSeenSeq());
      const opened = this.corpus.current;
      return buildDigest(opened, ids, {
        ...this.digestOptions,
        topic: subscription.topic,
        from: subscription.coveredUntil,
        to: now,
      });
    }
    const topic = validateTopic(target.topic, this.corpus.current.index);
    const from = now - (target.sinceMs ?? DEFAULT_PREVIEW_WINDOW_MS);
    const ids = await this.store.reportIdsFirstSeenIn(from, now);
    return buildDigest(this.corpus.current, ids, {
      ...this.digestOptions,
      topic,
      from,
      to: now,
    });
  }

  /** The delivery log of one subscription, newest first. */
  async history(id: string, scope: Scope, limit = 10): Promise<Delivery[]> {
    return this.store.deliveries((await this.find(id, scope)).id, limit);
  }

  /** Subscription ids for autocomplete: id, then what it is, filtered by what was typed. */
  async autocomplete(scope: Scope, query: string, limit = 25): Promise<{ id: string; label: string }[]> {
    const q = query.trim().toLowerCase();
    return (await this.list(scope))
      .map((s) => {
        const topic = s.topic ? ` about “${s.topic}”` : "";
        const paused = s.status === "paused" ? " (paused)" : "";
        return { id: s.id, label: `${s.id} — ${s.description}${topic}${paused}`.slice(0, 100) };
      })
      .filter((c) => q === "" || c.label.toLowerCase().includes(q))
      .slice(0, limit);
  }

  /** IANA zones matching what was typed, for the timezone option's autocomplete. */
  timeZones(query: string, limit = 25): string[] {
    return searchTimeZones(query, limit);
  }

  private filterFor(scope: Scope): { guildId: string | null; channelId?: string } {
    return scope.guildId === null ? { guildId: null, channelId: scope.channelId } : { guildId: scope.guildId };
  }

  private async find(id: string, scope: Scope): Promise<Subscription> {
    const subscription = await this.store.getSubscription(normaliseId(id));
    const visible =
      subscription !== null &&
      (scope.guildId === null
        ? subscription.guildId === null && subscription.channelId === scope.channelId
        : subscription.guildId === scope.guildId);
    // One answer for "in another server" and "does not exist": ids are not secrets, but nor are they shared.
    if (!subscription || !visible) {
      throw new SubscriptionNotFoundError(
        `No digest “${id.trim()}” here. The digest list shows the ones you can change.`,
      );
    }
    return subscription;
  }

  private async view(subscription: Subscription): Promise<SubscriptionView> {
    return this.viewWith(subscription, (await this.store.deliveries(subscription.id, 1))[0] ?? null);
  }

  private viewWith(subscription: Subscription, lastDelivery: Delivery | null): SubscriptionView {
    let schedule: Schedule | null;
    try {
      schedule = loadSchedule(subscription.schedule, subscription.timezone);
    } catch {
      // Shown as stored; the scheduler pauses it with the reason on its next check.
      schedule = null;
    }
    const next =
      schedule && subscription.status === "active"
        ? nextRun(schedule, Math.max(subscription.lastRunAt ?? subscription.createdAt, this.now()))
        : null;
    return {
      ...subscription,
      description: schedule?.description ?? `${subscription.schedule} (${subscription.timezone})`,
      nextRun: next,
      lastDelivery,
    };
  }
}

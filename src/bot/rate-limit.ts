/**
 * Token buckets. A key (a user, a channel) starts with `capacity` tokens, each request takes one, and
 * tokens come back at `refillPerSecond`. Buckets that have refilled completely carry no information and
 * are dropped, so memory stays bounded by recent keys.
 */
export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
}

/** 5 in a burst, then one every 4 s (15 a minute): paging through a long answer stays comfortable. */
const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 5, refillPerSecond: 0.25 };

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly options: RateLimitOptions = DEFAULT_RATE_LIMIT,
    private readonly clock: () => number = Date.now,
  ) {}

  take(key: string, cost = 1): RateDecision {
    const decision = this.check(key, cost);
    if (decision.ok) this.spend(key, cost);
    return decision;
  }

  /** Whether `take` would succeed, without taking anything. */
  check(key: string, cost = 1): RateDecision {
    const bucket = this.refilled(key, this.clock());
    if (bucket.tokens >= cost) return { ok: true };
    const missing = cost - bucket.tokens;
    return { ok: false, retryAfterMs: Math.ceil((missing / this.options.refillPerSecond) * 1000) };
  }

  private spend(key: string, cost: number): void {
    const now = this.clock();
    const bucket = this.refilled(key, now);
    bucket.tokens -= cost;
    this.buckets.set(key, bucket);
    this.sweep(now);
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.options.capacity, at: now };
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    return { tokens: Math.min(this.options.capacity, bucket.tokens + elapsed * this.options.refillPerSecond), at: now };
  }

  private sweep(now: number): void {
    if (this.buckets.size < 1_000) return;
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(key, now).tokens >= this.options.capacity && bucket.at < now) this.buckets.delete(key);
    }
  }

  get trackedUsers(): number {
    return this.buckets.size;
  }
}

/**
 * Every limit a request passes, taken together: a request is refused by the first limit it is over and
 * then takes no token from any. Per user for fairness; per channel for the bot's own posts in reply to
 * messages (mentions and DMs), so one channel cannot make it flood that channel; global, so all users
 * together stay under what the bot can answer and what Discord lets it send.
 */
export interface RequestLimitOptions {
  user: RateLimitOptions;
  /** Posts in one channel in reply to messages (answers, help and notices alike). */
  channel: RateLimitOptions;
  global: RateLimitOptions;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimitOptions = {
  user: DEFAULT_RATE_LIMIT,
  // Two posts at once, then one every 5 s (12 a minute) per channel: a conversation, not a flood.
  channel: { capacity: 2, refillPerSecond: 0.2 },
  // Well under Discord's 50 requests a second for the whole bot (an answer is one or two requests).
  global: { capacity: 30, refillPerSecond: 10 },
};

/** How long after one "too fast" notice further refusals for the same user stay silent. */
export const NOTICE_QUIET_MS = 60_000;

export type RefusalScope = "user" | "channel" | "global";

export type Admission =
  | { ok: true }
  /** `notify`: tell the user (once); otherwise refuse without a word. */
  | { ok: false; scope: RefusalScope; retryAfterMs: number; notify: boolean };

export class RequestLimits {
  private readonly users: RateLimiter;
  private readonly channels: RateLimiter;
  private readonly everyone: RateLimiter;
  /** User id → until when refusals stay silent. */
  private readonly noticed = new Map<string, number>();

  constructor(
    options: RequestLimitOptions = DEFAULT_REQUEST_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {
    this.users = new RateLimiter(options.user, clock);
    this.channels = new RateLimiter(options.channel, clock);
    this.everyone = new RateLimiter(options.global, clock);
  }

  /**
   * A slash command or a button click. Its refusal is always told: it is ephemeral (only the user sees
   * it, so it cannot flood a channel), and Discord needs every interaction answered.
   */
  admitInteraction(userId: string): Admission {
    return this.admit([
      ["user", this.users, userId],
      ["global", this.everyone, "*"],
    ]);
  }

  /**
   * A message addressed to the bot (a mention, a DM); its reply is a post in `channelId`. A refusal is
   * told once per user per NOTICE_QUIET_MS, and only when the channel can take one more post (the
   * notice is a post too); every other refusal is silent, so 50 mentions never make 50 posts.
   */
  admitMessage(userId: string, channelId: string): Admission {
    const admission = this.admit([
      ["user", this.users, userId],
      ["channel", this.channels, channelId],
      ["global", this.everyone, "*"],
    ]);
    if (admission.ok) return admission;
    const now = this.clock();
    const quiet = (this.noticed.get(userId) ?? 0) > now;
    const notify = !quiet && this.channels.take(channelId).ok && this.everyone.take("*").ok;
    if (notify) this.remember(userId, now + Math.max(NOTICE_QUIET_MS, admission.retryAfterMs));
    return { ...admission, notify };
  }

  private admit(limits: [RefusalScope, RateLimiter, string][]): Admission {
    for (const [scope, limiter, key] of limits) {
      const decision = limiter.check(key);
      if (!decision.ok) return { ok: false, scope, retryAfterMs: decision.retryAfterMs, notify: true };
    }
    for (const [, limiter, key] of limits) limiter.take(key);
    return { ok: true };
  }

  private remember(userId: string, until: number): void {
    this.noticed.set(userId, until);
    if (this.noticed.size < 1_000) return;
    const now = this.clock();
    for (const [key, at] of this.noticed) if (at <= now) this.noticed.delete(key);
  }
}

/**
 * Per-user token bucket. A user starts with `capacity` tokens, each question or button click takes one,
 * and tokens come back at `refillPerSecond`. Buckets that have refilled completely carry no information
 * and are dropped, so memory stays bounded by recent users.
 */
export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
}

/** 5 in a burst, then one every 4 s (15 a minute): paging through a long answer stays comfortable. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 5, refillPerSecond: 0.25 };

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
    const now = this.clock();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      this.buckets.set(key, bucket);
      this.sweep(now);
      return { ok: true };
    }
    const missing = cost - bucket.tokens;
    return { ok: false, retryAfterMs: Math.ceil((missing / this.options.refillPerSecond) * 1000) };
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

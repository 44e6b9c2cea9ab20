import { now } from "../clock";

// Azure's rate limits, shared by every route family. ARM uses token buckets per subscription
// and principal; Resource Graph and Cost Management use windowed quotas. Route modules check
// `emu.throttle.enabled` and call `take` on the limiter that matches their family.

interface TakeResult {
  ok: boolean;
  /** Tokens (or requests) left after this call. */
  remaining: number;
  /** When not ok: how long until a request would pass. When ok: until the window/bucket is full again. */
  retryAfterMs: number;
}

/** A token bucket per key: `capacity` tokens, refilled at `refillPerSec`. */
class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(readonly capacity: number, readonly refillPerSec: number) {}

  take(key: string, cost = 1): TakeResult {
    const t = now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: t };
    b.tokens = Math.min(this.capacity, b.tokens + ((t - b.at) / 1000) * this.refillPerSec);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return { ok: true, remaining: Math.floor(b.tokens), retryAfterMs: ((this.capacity - b.tokens) / this.refillPerSec) * 1000 };
    }
    return { ok: false, remaining: 0, retryAfterMs: Math.ceil(((cost - b.tokens) / this.refillPerSec) * 1000) };
  }

  reset(): void {
    this.buckets.clear();
  }
}

/** At most `limit` units per `windowMs` per key, in fixed windows (Resource Graph's per-user quota). */
class WindowLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();
  constructor(readonly limit: number, readonly windowMs: number) {}

  take(key: string, cost = 1): TakeResult {
    const t = now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, used: 0 };
      this.windows.set(key, w);
    }
    const resetIn = w.start + this.windowMs - t;
    if (w.used + cost > this.limit) return { ok: false, remaining: 0, retryAfterMs: resetIn };
    w.used += cost;
    return { ok: true, remaining: this.limit - w.used, retryAfterMs: resetIn };
  }

  reset(): void {
    this.windows.clear();
  }
}

/** The limiters the emulator applies when throttling is switched on. */
export class Throttle {
  enabled = false;
  readonly armReads = new TokenBucketLimiter(250, 25);
  readonly armWrites = new TokenBucketLimiter(200, 10);
  readonly armDeletes = new TokenBucketLimiter(200, 10);
  /** Resource Graph: about 15 queries per 5 seconds per user. */
  readonly resourceGraph = new WindowLimiter(15, 5_000);
  /** Cost Management: 12 query processing units per 10 seconds per tenant. */
  readonly costManagement = new WindowLimiter(12, 10_000);

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    for (const l of [this.armReads, this.armWrites, this.armDeletes, this.resourceGraph, this.costManagement]) l.reset();
  }
}

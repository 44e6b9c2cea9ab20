import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { parseDuration } from "./retryAfter";

export interface QuotaClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: QuotaClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/**
 * Resource Graph tells every caller how many queries remain in its window
 * (`x-ms-user-quota-remaining`) and when the window resets (`x-ms-user-quota-resets-after`, whole
 * seconds, so each answer bounds the reset from above). This policy spends the window exactly:
 * it sends while the queries in flight fit in what remains, holds the rest until the earliest
 * reset any answer of the window implies (so no request is spent on a certain 429, and no
 * second is lost to the header's rounding), and lets them go the moment it passes. Shared by
 * all requests of one client factory, so concurrent sweep batches share one view of the quota.
 */
export function resourceGraphQuotaPolicy(clock: QuotaClock = realClock): PipelinePolicy {
  /** Upper bound of the current window's end; undefined when no answer of this window has come yet. */
  let resetAt: number | undefined;
  /** Fewest queries any answer of the current window said remain. */
  let remaining = Infinity;
  let windowStartedAt = -Infinity;
  let inFlight = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const rollOver = (t: number) => {
    if (resetAt !== undefined && t >= resetAt) {
      resetAt = undefined;
      remaining = Infinity;
      windowStartedAt = t;
    }
  };
  const admit = async () => {
    for (;;) {
      rollOver(clock.now());
      // Counted here, in the same turn as the check, so waiters woken together cannot all pass it.
      if (remaining - inFlight > 0) {
        inFlight++;
        return;
      }
      // Either an answer (which may report more remaining, or an earlier reset) or the reset lets it go.
      await new Promise<void>((resolve) => {
        const go = () => {
          waiters.delete(go);
          resolve();
        };
        waiters.add(go);
        void clock.sleep(Math.max(0, resetAt! - clock.now())).then(go);
      });
    }
  };
  const observe = (sentAt: number, remainingHeader: string | undefined, resetsAfter: string | undefined) => {
    const left = Number(remainingHeader);
    const reset = parseDuration(resetsAfter);
    // An answer to a request sent before the last reset describes the previous window.
    if (remainingHeader === undefined || !Number.isFinite(left) || reset === undefined || sentAt < windowStartedAt) return;
    const t = clock.now();
    rollOver(t);
    if (resetAt === undefined) {
      resetAt = t + reset;
      remaining = left;
    } else {
      resetAt = Math.min(resetAt, t + reset);
      remaining = Math.min(remaining, left);
    }
  };
  return {
    name: "ailzResourceGraphQuotaPolicy",
    async sendRequest(request, next) {
      if (!/\/providers\/microsoft\.resourcegraph\//i.test(request.url)) return next(request);
      await admit();
      const sentAt = clock.now();
      try {
        const response = await next(request);
        observe(sentAt, response.headers.get("x-ms-user-quota-remaining"), response.headers.get("x-ms-user-quota-resets-after"));
        return response;
      } finally {
        inFlight--;
        wake();
      }
    },
  };
}

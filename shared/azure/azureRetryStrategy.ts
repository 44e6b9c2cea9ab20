import type { RetryStrategy } from "@azure/core-rest-pipeline";
import { retryAfterMs } from "./retryAfter";

export interface AzureRetryOptions {
  /** First backoff for transient failures; doubles each attempt with jitter. */
  retryDelayInMs: number;
  /** Cap for exponential backoff and for server-requested waits. */
  maxRetryDelayInMs: number;
}

const systemErrorCodes = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNREFUSED", "ECONNRESET", "ENOENT", "ENOTFOUND", "EPIPE", "UND_ERR_SOCKET"]);

/**
 * One strategy for every Azure call: throttling (429, or 503 with a wait) waits exactly as long
 * as Azure asks, from any of its retry headers (the SDK's stock throttling strategy reads only
 * Retry-After and the -ms variants, and only on 429/503); transient failures (408, 5xx other than
 * 501/505, dropped connections) back off exponentially with jitter; everything else is final.
 */
export function azureRetryStrategy(options: AzureRetryOptions): RetryStrategy {
  return {
    name: "ailzAzureRetryStrategy",
    retry({ retryCount, response, responseError }) {
      if (response) {
        const status = response.status;
        const asked = status === 429 || status === 503 ? retryAfterMs(response) : undefined;
        if (asked !== undefined) return { retryAfterInMs: Math.min(asked, options.maxRetryDelayInMs) };
        if (status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505)) {
          return { retryAfterInMs: backoff(retryCount, options) };
        }
        return { skipStrategy: true };
      }
      if (responseError && systemErrorCodes.has(String(responseError.code))) {
        return { retryAfterInMs: backoff(retryCount, options) };
      }
      return responseError ? { errorToThrow: responseError } : { skipStrategy: true };
    },
  };
}

function backoff(retryCount: number, options: AzureRetryOptions): number {
  const exp = Math.min(options.maxRetryDelayInMs, options.retryDelayInMs * 2 ** Math.max(0, retryCount));
  // Equal jitter: half fixed, half random, so concurrent callers spread out.
  return Math.floor(exp / 2 + Math.random() * (exp / 2));
}

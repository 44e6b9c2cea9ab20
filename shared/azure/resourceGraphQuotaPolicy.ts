import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { parseDuration } from "./retryAfter";

/**
 * Resource Graph tells every caller how many queries remain in its window
 * (`x-ms-user-quota-remaining`) and when the window resets (`x-ms-user-quota-resets-after`).
 * When the count reaches 0 this policy holds the next Resource Graph request until the reset
 * instead of spending a call on a certain 429. Shared by all requests of one client factory.
 */
export function resourceGraphQuotaPolicy(sleep: (ms: number) => Promise<void> = defaultSleep): PipelinePolicy {
  let blockedUntil = 0;
  return {
    name: "ailzResourceGraphQuotaPolicy",
    async sendRequest(request, next) {
      const isGraph = /\/providers\/microsoft\.resourcegraph\//i.test(request.url);
      if (isGraph) {
        const wait = blockedUntil - Date.now();
        if (wait > 0) await sleep(wait);
      }
      const response = await next(request);
      if (isGraph && response.headers.get("x-ms-user-quota-remaining") === "0") {
        const reset = parseDuration(response.headers.get("x-ms-user-quota-resets-after"));
        if (reset !== undefined) blockedUntil = Math.max(blockedUntil, Date.now() + reset);
      }
      return response;
    },
  };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

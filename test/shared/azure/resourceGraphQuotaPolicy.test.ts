import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resourceGraphQuotaPolicy } from "../../../shared/azure/resourceGraphQuotaPolicy";

const QUOTA = 15;
const WINDOW_MS = 5_000;
const URL = "https://management.azure.com/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01";

/**
 * Resource Graph's per-user window as the service keeps it: fixed windows that start with the
 * first query, a count per window, and `resets-after` rounded up to whole seconds.
 */
function fixedWindowService(latencyMs: (n: number) => number) {
  let windowStart: number | undefined;
  let used = 0;
  let n = 0;
  const perWindow = new Map<number, number>();
  let throttled = 0;
  const send = async (): Promise<PipelineResponse> => {
    const t = Date.now();
    windowStart ??= t;
    while (t >= windowStart + WINDOW_MS) {
      windowStart += WINDOW_MS;
      used = 0;
    }
    const ok = used < QUOTA;
    if (ok) used++;
    else throttled++;
    if (ok) perWindow.set(windowStart, (perWindow.get(windowStart) ?? 0) + 1);
    const resets = Math.ceil((windowStart + WINDOW_MS - t) / 1000);
    const headers = createHttpHeaders({
      "x-ms-user-quota-remaining": String(QUOTA - used),
      "x-ms-user-quota-resets-after": `00:00:${String(resets).padStart(2, "0")}`,
    });
    await new Promise((resolve) => setTimeout(resolve, latencyMs(n++)));
    return { status: ok ? 200 : 429, headers, request: createPipelineRequest({ url: URL }) };
  };
  return { send, perWindow, throttled: () => throttled };
}

describe("resourceGraphQuotaPolicy", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("spends every window to the last query and never sends one the service will refuse", async () => {
    // Latencies from 150 to 1,450 ms, so answers arrive out of order and straddle resets.
    const service = fixedWindowService((n) => 150 + ((n * 397) % 1300));
    const policy = resourceGraphQuotaPolicy();
    const chains = 7;
    const perChain = 30;
    const started = Date.now();
    const run = Promise.all(
      Array.from({ length: chains }, async () => {
        for (let i = 0; i < perChain; i++) await policy.sendRequest(createPipelineRequest({ url: URL }), service.send);
      }),
    ).then(() => Date.now());
    await vi.advanceTimersByTimeAsync(120_000);
    const finishedAt = await run;
    const total = chains * perChain;
    expect(service.throttled()).toBe(0);
    const counts = [...service.perWindow.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Math.max(...counts)).toBeLessThanOrEqual(QUOTA);
    // Every window but the last is spent in full: 210 queries fit in exactly 14 windows.
    expect(counts.slice(0, -1).every((c) => c === QUOTA)).toBe(true);
    expect(counts.length).toBe(Math.ceil(total / QUOTA));
    expect(finishedAt - started).toBeLessThan(Math.ceil(total / QUOTA) * WINDOW_MS + 2_000);
  });

  it("lets requests that are not Resource Graph queries through untouched", async () => {
    const policy = resourceGraphQuotaPolicy();
    const next = vi.fn(async (request) => ({ status: 200, headers: createHttpHeaders(), request }) as PipelineResponse);
    await policy.sendRequest(createPipelineRequest({ url: "https://management.azure.com/subscriptions?api-version=2022-12-01" }), next);
    expect(next).toHaveBeenCalledTimes(1);
  });
});

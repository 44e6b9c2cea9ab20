import type { VendingRequestState } from "../estate/VendingRequestState";

export interface VendingMetrics {
  total: number;
  byOutcome: Record<string, number>;
  /** Completed without anyone stepping in (a retry counts as stepping in; approval does not), over finished requests. */
  selfServiceSuccessRate: number | null;
  provisioningSeconds: { p50: number | null; p95: number | null; count: number };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Provisioning time runs from the end of the approval step (or creation when there was none) to
 * completion: time spent waiting for a person is not the platform's.
 */
export function vendingMetrics(requests: readonly VendingRequestState[]): VendingMetrics {
  const byOutcome: Record<string, number> = {};
  const durations: number[] = [];
  let finished = 0;
  let selfService = 0;
  for (const r of requests) {
    byOutcome[r.status] = (byOutcome[r.status] ?? 0) + 1;
    if (["Completed", "Failed", "Expired"].includes(r.status)) finished++;
    if (r.status === "Completed") {
      if (!r.manualIntervention) selfService++;
      const approvalEnd = r.steps.find((s) => s.name === "approval")?.endedAt;
      const start = Date.parse(approvalEnd ?? r.createdAt);
      durations.push((Date.parse(r.completedAt) - start) / 1000);
    }
  }
  durations.sort((a, b) => a - b);
  return {
    total: requests.length,
    byOutcome,
    selfServiceSuccessRate: finished === 0 ? null : selfService / finished,
    provisioningSeconds: { p50: percentile(durations, 50), p95: percentile(durations, 95), count: durations.length },
  };
}

import type { Policy } from "../config/Policy";
import { addCounts, emptyCounts } from "../sweep/ScorecardCounts";
import type { BatchDetail } from "./BatchDetail";
import { computeScorecard } from "./computeScorecard";
import { mergeGpuTeamSpend } from "./GpuTeamSpend";
import { MAX_LISTED, type InventorySummary, type SweepReport } from "./SweepReport";

export interface ReportMeta {
  date: string;
  sweepId: string;
  generatedAt: string;
  dryRun: boolean;
  batches: number;
  failedBatches: number[];
  reclaims: { started: string[]; running: string[] };
}

const ORDER = { failed: 0, done: 1, wouldDo: 2, flagged: 3, exempt: 4, skipped: 5 } as const;

/** Pure: the batches' details (and the previous night's report, for the change) -> the report. */
export function buildReport(details: BatchDetail[], meta: ReportMeta, previous: SweepReport | undefined, policy: Policy): SweepReport {
  const all = details.flatMap((d) => d.items).sort((a, b) => ORDER[a.outcome] - ORDER[b.outcome] || a.resourceId.localeCompare(b.resourceId));
  const totals = { flagged: 0, done: 0, wouldDo: 0, exempt: 0, skipped: 0, failed: 0 };
  for (const i of all) totals[i.outcome]++;

  const items = details.flatMap((d) => d.inventory);
  const bySubscription: InventorySummary["bySubscription"] = {};
  const byRule: Record<string, number> = {};
  for (const i of items) {
    const s = (bySubscription[i.subscriptionId] ??= { governed: 0, shadow: 0 });
    s[i.status]++;
    for (const r of i.rules) byRule[r] = (byRule[r] ?? 0) + 1;
  }
  const shadow = items.filter((i) => i.status === "shadow").sort((a, b) => a.id.localeCompare(b.id));
  const governed = items.length - shadow.length;
  let change: InventorySummary["change"];
  if (previous && previous.date !== meta.date) {
    const before = new Set(previous.inventory.shadowItems.map((i) => i.id.toLowerCase()));
    const now = new Set(shadow.map((i) => i.id.toLowerCase()));
    change = {
      previousDate: previous.date,
      shadowDelta: shadow.length - previous.inventory.shadow,
      governedDelta: governed - previous.inventory.governed,
      newShadow: shadow.filter((i) => !before.has(i.id.toLowerCase())).map((i) => i.id).slice(0, MAX_LISTED),
      goneShadow: previous.inventory.shadowItems.filter((i) => !now.has(i.id.toLowerCase())).map((i) => i.id).slice(0, MAX_LISTED),
    };
  }
  const counts = details.reduce((acc, d) => addCounts(acc, d.counts), emptyCounts());
  return {
    date: meta.date,
    sweepId: meta.sweepId,
    generatedAt: meta.generatedAt,
    dryRun: meta.dryRun,
    scope: { subscriptions: details.reduce((n, d) => n + d.subscriptions, 0), batches: meta.batches, failedBatches: meta.failedBatches },
    totals,
    items: all.slice(0, MAX_LISTED),
    omitted: Math.max(0, all.length - MAX_LISTED),
    sandboxes: details.flatMap((d) => d.sandboxes).sort((a, b) => a.id.localeCompare(b.id)),
    reclaims: meta.reclaims,
    inventory: { total: items.length, governed, shadow: shadow.length, bySubscription, byRule, shadowItems: shadow.slice(0, MAX_LISTED), change },
    scorecard: computeScorecard(counts, shadow.length, change?.shadowDelta, policy),
    gpuByTeam: mergeGpuTeamSpend(details.map((d) => d.gpuByTeam ?? [])),
    gpuUtilisation: details.flatMap((d) => d.gpu ?? []).sort((a, b) => b.estimatedMonthlyWaste - a.estimatedMonthlyWaste || a.subscriptionId.localeCompare(b.subscriptionId)),
  };
}

import type { Decision } from "../../estate/Decision";
import type { DeallocatedVm, QuotaAllocation, QuotaSample } from "../../estate/QuotaSample";
import { quotaReclaimId, type QuotaReclaimState } from "../../estate/QuotaReclaimState";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import { isGpuSize } from "../isGpuSize";
import { quotaResourceId } from "./quotaResourceId";
import { reclaimTarget } from "./reclaimTarget";
import { idleGpuQuotaName } from "./params";

const DAY = 86_400_000;

export interface IdleGpuQuotaFacts {
  /** Usage/limit readings; only those of the allocations' keys matter. */
  samples: QuotaSample[];
  /** GPU allocations from the quota group, with current usage. */
  allocations: QuotaAllocation[];
  deallocatedVms: DeallocatedVm[];
  /** Reclaims in flight or answered; a pending or kept one is not started again. */
  reclaims?: QuotaReclaimState[];
}

/**
 * Use it or lose it. An allocation is idle when, over `windowDays`, peak usage stayed below
 * `idlePercent` of its limit, it is at least `minAllocationAgeDays` old and the samples reach
 * back `minHistoryDays`. Idle -> `act` with `lowerQuotaAllocation` to
 * `max(ceil(peak x headroom), floor)`, never below current usage; otherwise `ok`.
 * GPU VMs deallocated longer than the window are flagged as quota holders.
 */
export function evaluateIdleGpuQuota(facts: IdleGpuQuotaFacts, policy: Policy, now: Date): Decision[] {
  const p = policy.guardrails.idleGpuQuota.params;
  const t = now.getTime();
  const windowStart = t - p.windowDays * DAY;
  const gpuFamilies = policy.gpuFamilies.quotaFamilies.map((f) => f.toLowerCase());
  const blocked = new Set(
    (facts.reclaims ?? [])
      .filter((r) => r.status === "Notified" || (r.status === "Kept" && Date.parse(r.keptUntil) > t))
      .map((r) => r.id),
  );
  // A reclaim that finishes while the sweep runs leaves the sweep holding the limit it lowered
  // from (allocations are read first, reclaim records later): that reading is stale, not idle.
  const justLowered = new Map(
    (facts.reclaims ?? [])
      .filter((r) => r.status === "Reclaimed" && t - Date.parse(r.reclaimedAt) < DAY)
      .map((r) => [r.id, (r as { fromLimit: number }).fromLimit]),
  );
  const key = (s: string, l: string, f: string) => `${s.toLowerCase()}|${l.toLowerCase()}|${f.toLowerCase()}`;
  const byKey = new Map<string, QuotaSample[]>();
  for (const s of facts.samples) {
    const k = key(s.subscriptionId, s.location, s.family);
    const list = byKey.get(k);
    if (list) list.push(s);
    else byKey.set(k, [s]);
  }

  const decisions: Decision[] = [];
  for (const a of facts.allocations) {
    if (gpuFamilies.length > 0 && !gpuFamilies.includes(a.family.toLowerCase())) continue;
    const samples = byKey.get(key(a.subscriptionId, a.location, a.family)) ?? [];
    const inWindow = samples.filter((s) => Date.parse(s.at) >= windowStart && Date.parse(s.at) <= t);
    const oldest = samples.reduce((m, s) => Math.min(m, Date.parse(s.at)), Number.POSITIVE_INFINITY);
    const peak = Math.max(a.currentUsage, ...inWindow.map((s) => s.usage));
    const ageDays = (t - Date.parse(a.allocatedAt)) / DAY;
    const historyDays = Number.isFinite(oldest) ? (t - oldest) / DAY : 0;
    const target = reclaimTarget(peak, a.currentUsage, p.headroomFactor, p.floor);
    const resourceId = quotaResourceId(a.subscriptionId, a.location, a.family);
    const evidence = { limit: a.limit, peakUsage: peak, currentUsage: a.currentUsage, idlePercent: p.idlePercent, windowDays: p.windowDays, allocationAgeDays: Math.floor(ageDays), historyDays: Math.floor(historyDays), samplesInWindow: inWindow.length, targetLimit: target };
    const base = { guardrail: idleGpuQuotaName, resourceId, rule: "idleAllocation", evidence };

    const why =
      a.limit === 0 ? "no allocation"
      : peak >= (p.idlePercent / 100) * a.limit ? `peak ${peak} of ${a.limit} cores is at least ${p.idlePercent}%`
      : ageDays < p.minAllocationAgeDays ? `allocation is ${Math.floor(ageDays)} days old (< ${p.minAllocationAgeDays})`
      : historyDays < p.minHistoryDays ? `only ${Math.floor(historyDays)} days of usage history (< ${p.minHistoryDays})`
      : target >= a.limit ? `target ${target} would not lower the limit ${a.limit}`
      : blocked.has(quotaReclaimId(a.subscriptionId, a.location, a.family)) ? "a reclaim is already pending or the owner chose to keep it"
      : justLowered.get(quotaReclaimId(a.subscriptionId, a.location, a.family)) === a.limit ? `a reclaim lowered ${a.limit} cores in the last day; the next sweep reads the new limit`
      : undefined;
    if (why !== undefined) {
      decisions.push({ ...base, verdict: "ok", reason: `idleGpuQuota: ${a.family} in ${a.location} for ${a.subscriptionId} in use: ${why}`, dryRun: dryRunFor(policy, idleGpuQuotaName) });
      continue;
    }
    const action = {
      type: "lowerQuotaAllocation",
      subscriptionId: a.subscriptionId,
      location: a.location,
      family: a.family,
      fromLimit: a.limit,
      toLimit: target,
      peakUsage: peak,
      currentUsage: a.currentUsage,
      quotaGroup: policy.quotaGroup,
      graceDays: p.graceDays,
    } as const;
    decisions.push({
      ...base,
      verdict: "act",
      severity: "medium",
      reason: `idleGpuQuota: ${a.family} in ${a.location} for ${a.subscriptionId} is idle: peak ${peak} of ${a.limit} cores (< ${p.idlePercent}%) over ${p.windowDays} days; lower to ${target} after ${p.graceDays} days' notice`,
      action,
      dryRun: dryRunFor(policy, idleGpuQuotaName, action),
    });
  }

  for (const vm of facts.deallocatedVms) {
    if (!isGpuSize(vm.vmSize, policy)) continue;
    const days = (t - Date.parse(vm.deallocatedAt)) / DAY;
    if (days < p.windowDays) continue;
    decisions.push({
      guardrail: idleGpuQuotaName,
      resourceId: vm.id,
      verdict: "flag",
      rule: "deallocatedQuotaHolder",
      severity: "low",
      reason: `idleGpuQuota: ${vm.vmSize} VM deallocated ${Math.floor(days)} days ago still holds ${vm.vcpus} cores of GPU quota in ${vm.location}`,
      evidence: { vmSize: vm.vmSize, vcpus: vm.vcpus, family: vm.family ?? null, deallocatedAt: vm.deallocatedAt, days: Math.floor(days) },
      action: { type: "notifyOnly", contacts: [] },
      dryRun: dryRunFor(policy, idleGpuQuotaName),
    });
  }
  return decisions;
}

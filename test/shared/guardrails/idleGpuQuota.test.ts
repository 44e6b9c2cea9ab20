import { describe, expect, it } from "vitest";
import { evaluateIdleGpuQuota, type IdleGpuQuotaFacts } from "../../../shared/guardrails/idleGpuQuota/evaluateIdleGpuQuota";
import { reclaimTarget } from "../../../shared/guardrails/idleGpuQuota/reclaimTarget";
import { QuotaAllocation, QuotaSample } from "../../../shared/estate/QuotaSample";
import { quotaReclaimId, QuotaReclaimState } from "../../../shared/estate/QuotaReclaimState";
import { examplePolicy } from "../fixtures/policy";
import { daysBefore, NOW } from "../fixtures/facts";
import { CORP_SUB } from "../fixtures/ids";

const policy = examplePolicy();
const FAMILY = "standardNCADSA100v4Family";
const alloc = (o: Partial<QuotaAllocation> = {}) => QuotaAllocation.parse({ subscriptionId: CORP_SUB, location: "eastus2", family: FAMILY, limit: 96, currentUsage: 0, allocatedAt: daysBefore(60), ...o });
/** Daily samples for `days` days with the given usage per day (index 0 = oldest). */
const samples = (days: number, usage: (day: number) => number): QuotaSample[] =>
  Array.from({ length: days }, (_, i) => QuotaSample.parse({ subscriptionId: CORP_SUB, location: "eastus2", family: FAMILY, usage: usage(i), limit: 96, at: daysBefore(days - i) }));
const run = (f: Partial<IdleGpuQuotaFacts>) => evaluateIdleGpuQuota({ samples: [], allocations: [alloc()], deallocatedVms: [], ...f }, policy, NOW);

describe("idleGpuQuota", () => {
  it("target is max(ceil(peak x 1.25), floor), never below usage", () => {
    expect(reclaimTarget(10, 0, 1.25, 0)).toBe(13);
    expect(reclaimTarget(0, 0, 1.25, 8)).toBe(8);
    expect(reclaimTarget(10, 24, 1.25, 0)).toBe(24);
  });

  it("lowers an allocation whose peak stayed under 20% for 30 days", () => {
    const [d] = run({ samples: samples(40, (i) => (i === 35 ? 16 : 4)), allocations: [alloc({ currentUsage: 8 })] });
    expect(d).toMatchObject({ verdict: "act", rule: "idleAllocation", dryRun: true, action: { type: "lowerQuotaAllocation", fromLimit: 96, toLimit: 20, peakUsage: 16, currentUsage: 8, graceDays: 7, quotaGroup: { managementGroupId: "alz", name: "gpu-pool" } } });
    expect(d!.reason).toContain("peak 16 of 96");
  });

  it("reports GPU VMs deallocated longer than the window as quota holders", () => {
    const vm = { id: "/subscriptions/x/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/old", subscriptionId: CORP_SUB, location: "eastus2", vmSize: "Standard_NC24ads_A100_v4", vcpus: 24, deallocatedAt: daysBefore(31) };
    const recent = { ...vm, id: vm.id + "2", deallocatedAt: daysBefore(5) };
    const ds = run({ allocations: [], deallocatedVms: [vm, recent] });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ verdict: "flag", rule: "deallocatedQuotaHolder", resourceId: vm.id });
  });

  it("keeps an allocation whose peak reached 20% (a spike counts)", () => {
    const [d] = run({ samples: samples(40, (i) => (i === 20 ? 20 : 1)) });
    expect(d).toMatchObject({ verdict: "ok" });
    expect(d!.reason).toContain("at least 20%");
  });

  it("does not reclaim a young allocation, one without enough history, or one the owner kept", () => {
    expect(run({ samples: samples(40, () => 0), allocations: [alloc({ allocatedAt: daysBefore(10) })] })[0]!.verdict).toBe("ok");
    expect(run({ samples: samples(10, () => 0) })[0]!.reason).toContain("history");
    const kept = QuotaReclaimState.parse({ status: "Kept", id: quotaReclaimId(CORP_SUB, "eastus2", FAMILY), subscriptionId: CORP_SUB, location: "eastus2", family: FAMILY, limit: 96, peakUsage: 0, targetLimit: 0, updatedAt: daysBefore(3), keptAt: daysBefore(3), keptBy: "alice", reason: "training next week", keptUntil: daysBefore(-20) });
    expect(run({ samples: samples(40, () => 0), reclaims: [kept] })[0]!.verdict).toBe("ok");
  });

  it("does not start a second reclaim from a reading taken before the first one lowered the limit", () => {
    const reclaimed = (at: string) => QuotaReclaimState.parse({ status: "Reclaimed", id: quotaReclaimId(CORP_SUB, "eastus2", FAMILY), subscriptionId: CORP_SUB, location: "eastus2", family: FAMILY, limit: 96, peakUsage: 0, targetLimit: 0, updatedAt: at, reclaimedAt: at, fromLimit: 96, toLimit: 0 });
    const minutesAgo = new Date(NOW.getTime() - 5 * 60_000).toISOString();
    const [stale] = run({ samples: samples(40, () => 0), reclaims: [reclaimed(minutesAgo)] });
    expect(stale).toMatchObject({ verdict: "ok" });
    expect(stale!.reason).toContain("lowered 96 cores in the last day");
    // The same record a week on, or a reading that already shows another limit, is judged afresh.
    expect(run({ samples: samples(40, () => 0), reclaims: [reclaimed(daysBefore(7))] })[0]!.verdict).toBe("act");
    expect(run({ samples: samples(40, () => 0), allocations: [alloc({ limit: 80 })], reclaims: [reclaimed(minutesAgo)] })[0]!.verdict).toBe("act");
  });
});

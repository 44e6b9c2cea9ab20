import { describe, expect, it } from "vitest";
import { evaluateIdleGpuCompute } from "../../../shared/guardrails/idleGpuCompute/evaluateIdleGpuCompute";
import { idleGpuNoticesOf } from "../../../shared/guardrails/idleGpuCompute/idleGpuNoticesOf";
import type { GpuUtilisation } from "../../../shared/sweep/GpuUtilisation";
import type { SweepBatch } from "../../../shared/sweep/SweepBatch";
import { CostFacts } from "../../../shared/sweep/CostFacts";
import type { ResourceFacts } from "../../../shared/estate/ResourceFacts";
import type { SubscriptionFacts } from "../../../shared/estate/SubscriptionFacts";
import { FindingRecord } from "../../../shared/store/records";
import { gpuVm, subscriptionFacts } from "../fixtures/facts";
import { policyWith } from "../fixtures/policy";

// The two phases of idle dev/sandbox GPU VMs (notice, then deallocation on the noticed date inside
// the off-hours window), decided in pure code from the facts and the open notices.

const NOW = new Date("2025-06-15T03:00:00Z");
const running = { extended: { instanceView: { powerState: { code: "PowerState/running" } } }, hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" } };
const idle = (r: ResourceFacts): GpuUtilisation => ({ resourceId: r.id, subscriptionId: r.subscriptionId, signal: "gpu", metric: "Azure.VM.Linux.GuestMetrics/DCGM_FI_DEV_GPU_UTIL", windowHours: 72, hoursWithData: 72, hoursIdle: 72, average: 0.2, peak: 0.4, networkMBPerHour: null });

function run(r: ResourceFacts, sub: SubscriptionFacts, o: { notices?: Record<string, string>; now?: Date; params?: Record<string, unknown> } = {}) {
  const policy = policyWith("idleGpuCompute", "enforce", { graceDays: 3, ...o.params });
  const batch: SweepBatch = {
    subscriptions: [sub],
    facts: { resources: [r], sandboxGroups: [], exemptGroups: [], budgets: [], quota: [], gpu: [idle(r)], gpuMonthlyCost: { [r.id.toLowerCase()]: 2671.5 } },
    costs: CostFacts.parse({ periodStart: "2025-06-01", daysWithData: 14, daysInPeriod: 30, bySubscription: {} }),
    memory: { sandboxStates: [], activities: [], firedKeys: [], reclaims: [], locks: {}, vcpusBySize: {}, exemptions: [], samples: [], idleGpuNotices: o.notices },
  };
  return evaluateIdleGpuCompute(batch, policy.guardrails.idleGpuCompute.params, policy, o.now ?? NOW);
}

describe("idleGpuCompute: idle dev/sandbox VMs in two phases", () => {
  const dev = subscriptionFacts({ tags: { environment: "dev" } });
  const vm = gpuVm({ properties: running }, dev);

  it("first night: a notice naming the date, no deallocation", () => {
    const [d] = run(vm, dev);
    expect(d).toMatchObject({ rule: "idleRunning", verdict: "flag", action: { type: "notifyOnly" }, evidence: { deallocateOn: "2025-06-18", graceDays: 3, estimatedMonthlyCost: 2671.5 } });
    expect(d!.reason).toContain("would deallocate on 2025-06-18 unless kept");
  });

  it("keeps the noticed date, and deallocates on it", () => {
    const notices = { [vm.id.toLowerCase()]: "2025-06-15" };
    expect(run(vm, dev, { notices })[0]).toMatchObject({ verdict: "act", action: { type: "deallocate", vmId: vm.id } });
    expect(run(vm, dev, { notices: { [vm.id.toLowerCase()]: "2025-06-16" }, now: new Date("2025-06-15T23:00:00Z") })[0]).toMatchObject({ verdict: "flag", evidence: { deallocateOn: "2025-06-16" } });
  });

  it("waits for the off-hours window, the resource's tag overriding the policy's", () => {
    const notices = { [vm.id.toLowerCase()]: "2025-06-10" };
    const outside = run(vm, dev, { notices, params: { offHours: { from: 19, to: 2 } } })[0]!;
    expect(outside.verdict).toBe("flag");
    expect(outside.reason).toContain("would deallocate in the off hours 19:00-2:00 UTC unless kept");
    expect(run(vm, dev, { notices, params: { offHours: { from: 19, to: 4 } } })[0]!.verdict).toBe("act");
    const tagged = gpuVm({ properties: running, tags: { environment: "dev", "ailz-off-hours": "1-5" } }, dev);
    expect(run(tagged, dev, { notices: { [tagged.id.toLowerCase()]: "2025-06-10" }, params: { offHours: { from: 19, to: 2 } } })[0]!.verdict).toBe("act");
  });

  it("elsewhere only notifies", () => {
    const prod = subscriptionFacts({ tags: { environment: "prod" } });
    const p = gpuVm({ properties: running, tags: { environment: "prod" } }, prod);
    const [d] = run(p, prod, { notices: { [p.id.toLowerCase()]: "2025-06-01" } });
    expect(d).toMatchObject({ verdict: "flag", action: { type: "notifyOnly" } });
    expect(d!.evidence["deallocateOn"]).toBeUndefined();
  });

  it("reads notices only from open idleRunning findings that carry a date", () => {
    const f = (o: Record<string, unknown>) => FindingRecord.parse({ guardrail: "idleGpuCompute", resourceId: vm.id, rule: "idleRunning", reason: "r", firstSeenAt: NOW.toISOString(), lastSeenAt: NOW.toISOString(), ...o });
    expect(idleGpuNoticesOf([f({ evidence: { deallocateOn: "2025-06-18" } })])).toEqual({ [vm.id.toLowerCase()]: "2025-06-18" });
    expect(idleGpuNoticesOf([f({ evidence: { deallocateOn: "2025-06-18" }, status: "resolved" }), f({ evidence: {} }), f({ rule: "stoppedNotDeallocated", evidence: { deallocateOn: "2025-06-18" } })])).toEqual({});
  });
});

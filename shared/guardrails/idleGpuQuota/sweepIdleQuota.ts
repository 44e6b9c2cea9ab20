import type { Policy } from "../../config/Policy";
import type { Decision } from "../../estate/Decision";
import type { DeallocatedVm, QuotaAllocation } from "../../estate/QuotaSample";
import type { SweepOutcome } from "../../engine/GuardrailModule";
import { isDeallocatedVm } from "../../sweep/isDeallocatedVm";
import type { SweepBatch } from "../../sweep/SweepBatch";
import { vmSizeOf } from "../vmSizeOf";
import { evaluateIdleGpuQuota } from "./evaluateIdleGpuQuota";

const DAY = 86_400_000;

/** A quota holder's notification names its VM (two holders must be told apart) and carries no day count (it goes out once). */
function withHolderSubject(d: Decision): Decision {
  if (d.rule !== "deallocatedQuotaHolder" || d.action?.type !== "notifyOnly" || d.action.subject) return d;
  const name = d.resourceId.split("/").pop() ?? d.resourceId;
  const e = d.evidence as { vmSize?: string; vcpus?: number };
  return { ...d, action: { ...d.action, subject: `Deallocated GPU VM ${name} (${e.vmSize ?? "unknown size"}) still holds ${e.vcpus ?? 0} cores of GPU quota` } };
}

/** Allocations read tonight against the samples in the store (hourly sampler + sweeps), and deallocated GPU VMs still holding quota. */
export function sweepIdleQuota({ facts, memory }: SweepBatch, policy: Policy, now: Date): SweepOutcome {
  const oldest = new Map<string, number>();
  for (const s of memory.samples) {
    const k = `${s.subscriptionId}|${s.location}|${s.family.toLowerCase()}`;
    oldest.set(k, Math.min(oldest.get(k) ?? Number.POSITIVE_INFINITY, Date.parse(s.at)));
  }
  const allocations: QuotaAllocation[] = facts.quota.map((q) => {
    const first = oldest.get(`${q.subscriptionId}|${q.location}|${q.family.toLowerCase()}`);
    // The allocation's age is what ailz has observed of it: its oldest sample.
    return { subscriptionId: q.subscriptionId, location: q.location, family: q.family, limit: Math.round(q.limit), currentUsage: q.usage, allocatedAt: new Date(first ?? now.getTime()).toISOString() };
  });
  // A deallocation is the VM's last change: systemData's lastModifiedAt (via provenance) dates it.
  const deallocatedVms: DeallocatedVm[] = facts.resources.filter(isDeallocatedVm).map((r) => {
    const size = vmSizeOf(r) ?? "unknown";
    return { id: r.id, subscriptionId: r.subscriptionId, location: r.location, vmSize: size, vcpus: memory.vcpusBySize[size.toLowerCase()] ?? 0, deallocatedAt: r.lastModifiedAt ?? r.createdAt ?? String(r.properties["timeCreated"] ?? new Date(now.getTime() - DAY).toISOString()) };
  });
  const decisions = evaluateIdleGpuQuota({ samples: memory.samples, allocations, deallocatedVms, reclaims: memory.reclaims }, policy, now).filter((d) => d.verdict !== "ok").map(withHolderSubject);
  return { decisions };
}

import type { Policy } from "../config/Policy";
import type { QuotaAllocationRef } from "./QuotaAllocationRef";
import type { SweepReader } from "./SweepReader";
import { gpuRegions } from "./gpuRegions";

/**
 * Which subscription/region pairs hold GPU quota: one quota-group read per region lists every
 * subscription's allocation, so per-subscription quota reads happen only where quota is held.
 */
export async function collectQuotaAllocations(reader: SweepReader, policy: Policy): Promise<QuotaAllocationRef[]> {
  const group = policy.quotaGroup;
  if (!group) return [];
  const families = new Set(policy.gpuFamilies.quotaFamilies.map((f) => f.toLowerCase()));
  const out: QuotaAllocationRef[] = [];
  for (const location of gpuRegions(policy)) {
    for (const limit of await reader.groupQuotaLimits(group.managementGroupId, group.name, location)) {
      if (families.size > 0 && !families.has(limit.family.toLowerCase())) continue;
      for (const a of limit.allocatedToSubscriptions) {
        if (a.quotaAllocated > 0) out.push({ subscriptionId: a.subscriptionId.toLowerCase(), location, family: limit.family, limit: a.quotaAllocated });
      }
    }
  }
  return out;
}

import type { EstateState } from "./EstateState";
import { vmSku } from "./vmSkus";

export interface ComputeUsage {
  /** vCPUs in use per quota family (VMs in any power state, deallocated included, and AKS nodes). */
  byFamily: Map<string, number>;
  totalVCPUs: number;
  virtualMachines: number;
}

/**
 * Compute quota usage of a subscription in a region, from the VMs present: deallocated VMs still
 * hold their quota, as in Azure. AKS agent pools count `count` nodes of their size.
 */
export function computeUsage(state: EstateState, subscriptionId: string, location: string): ComputeUsage {
  const loc = location.toLowerCase();
  const usage: ComputeUsage = { byFamily: new Map(), totalVCPUs: 0, virtualMachines: 0 };
  const add = (size: string | undefined, nodes: number) => {
    const sku = vmSku(size);
    if (!sku || nodes <= 0) return;
    usage.byFamily.set(sku.family, (usage.byFamily.get(sku.family) ?? 0) + sku.vCPUs * nodes);
    usage.totalVCPUs += sku.vCPUs * nodes;
    usage.virtualMachines += nodes;
  };
  for (const r of state.resourcesInSubscription(subscriptionId)) {
    const type = r.type.toLowerCase();
    if (type === "microsoft.compute/virtualmachines") {
      if ((r.location ?? "").toLowerCase() === loc) add((r.properties as any)?.hardwareProfile?.vmSize, 1);
    } else if (type === "microsoft.containerservice/managedclusters/agentpools") {
      const cluster = state.getResource(r.id.slice(0, r.id.toLowerCase().lastIndexOf("/agentpools/")));
      if ((cluster?.location ?? "").toLowerCase() === loc) add((r.properties as any)?.vmSize, Number((r.properties as any)?.count ?? 0));
    }
  }
  return usage;
}

/** The vCPU limit of a family in a subscription and region (estate quota limits, else Azure-like defaults). */
export function familyLimit(state: EstateState, subscriptionId: string, location: string, family: string): number | undefined {
  const s = subscriptionId.toLowerCase();
  const l = location.toLowerCase();
  const f = family.toLowerCase();
  return state.quotaLimits.find((q) => q.subscriptionId.toLowerCase() === s && q.location.toLowerCase() === l && q.family.toLowerCase() === f)?.limit;
}

import type { EstateState } from "./EstateState";
import { REGIONAL_CORES, vmSizeQuota } from "./vmSkus";

export interface ComputeUsage {
  /** vCPUs in use per quota family, keyed by the lower-cased family (`family` keeps its spelling). */
  byFamily: Map<string, { family: string; vCPUs: number }>;
  /** The regional total ("cores"). */
  totalVCPUs: number;
  /** VMs plus AKS nodes. */
  virtualMachines: number;
}

const VM = "microsoft.compute/virtualmachines";
const AGENT_POOL = "microsoft.containerservice/managedclusters/agentpools";
const normalize = (location: string | undefined) => (location ?? "").toLowerCase().replace(/\s+/g, "");

/**
 * Compute quota usage of a subscription in a region, from what the estate holds: every VM in any
 * power state (Azure keeps a deallocated VM's quota reserved until it is deleted) and `count`
 * nodes of each AKS agent pool, in the cluster's region. Sizes outside the SKU table count by
 * their parsed family, so both usage APIs (Microsoft.Compute and Microsoft.Quota) serve this one.
 */
export function computeUsage(state: EstateState, subscriptionId: string, location: string): ComputeUsage {
  const loc = normalize(location);
  const usage: ComputeUsage = { byFamily: new Map(), totalVCPUs: 0, virtualMachines: 0 };
  const add = (size: unknown, nodes: number) => {
    if (typeof size !== "string" || !size || !(nodes > 0)) return;
    const sku = vmSizeQuota(size);
    const key = sku.family.toLowerCase();
    const row = usage.byFamily.get(key) ?? { family: sku.family, vCPUs: 0 };
    row.vCPUs += sku.vCPUs * nodes;
    usage.byFamily.set(key, row);
    usage.totalVCPUs += sku.vCPUs * nodes;
    usage.virtualMachines += nodes;
  };
  for (const r of state.resourcesInSubscription(subscriptionId)) {
    const type = r.type.toLowerCase();
    const props = r.properties as { hardwareProfile?: { vmSize?: unknown }; vmSize?: unknown; count?: unknown } | undefined;
    if (type === VM) {
      if (normalize(r.location) === loc) add(props?.hardwareProfile?.vmSize, 1);
    } else if (type === AGENT_POOL) {
      const cluster = state.getResource(r.id.slice(0, r.id.toLowerCase().lastIndexOf("/agentpools/")));
      if (normalize(cluster?.location) === loc) add(props?.vmSize, Number(props?.count ?? 0));
    }
  }
  return usage;
}

/** vCPUs a usage holds in one family ("cores" is the regional total). */
export function familyVCpus(usage: ComputeUsage, family: string): number {
  const key = family.toLowerCase();
  return key === REGIONAL_CORES.family ? usage.totalVCPUs : (usage.byFamily.get(key)?.vCPUs ?? 0);
}

export function familyUsage(state: EstateState, subscriptionId: string, location: string, family: string): number {
  return familyVCpus(computeUsage(state, subscriptionId, location), family);
}

import type { EstateState } from "./EstateState";
import { REGIONAL_CORES, vmSku } from "./quotaSkus";

const VM_TYPE = "microsoft.compute/virtualmachines";

/**
 * vCPUs in use per quota family (lower-cased family -> vCPUs, plus "cores" for the regional
 * total) for one subscription and region. Every VM that exists counts, deallocated ones too:
 * Azure keeps their quota reserved until the VM is deleted.
 */
export function computeUsage(state: EstateState, subscriptionId: string, location: string): Map<string, { family: string; vCpus: number }> {
  const out = new Map<string, { family: string; vCpus: number }>();
  const loc = location.toLowerCase();
  const bump = (family: string, n: number) => {
    const key = family.toLowerCase();
    const e = out.get(key);
    if (e) e.vCpus += n;
    else out.set(key, { family, vCpus: n });
  };
  for (const r of state.resourcesInSubscription(subscriptionId)) {
    if (r.type.toLowerCase() !== VM_TYPE || (r.location ?? "").toLowerCase() !== loc) continue;
    const size = (r.properties?.hardwareProfile as { vmSize?: string } | undefined)?.vmSize;
    if (!size) continue;
    const sku = vmSku(size);
    bump(sku.family, sku.vCpus);
    bump(REGIONAL_CORES.family, sku.vCpus);
  }
  return out;
}

export function familyUsage(state: EstateState, subscriptionId: string, location: string, family: string): number {
  return computeUsage(state, subscriptionId, location).get(family.toLowerCase())?.vCpus ?? 0;
}

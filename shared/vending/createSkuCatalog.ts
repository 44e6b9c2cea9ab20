import type { AzureClients } from "../azure/clientFactory";
import { listGpuFamilies } from "./azure/listGpuFamilies";
import type { SkuCatalog } from "./SkuCatalog";

/** SKU lookups through the given subscription, cached per region (the SKU list changes rarely). */
export function createSkuCatalog(clients: AzureClients, subscriptionId: string, ttlMs = 15 * 60_000, now: () => number = Date.now): SkuCatalog {
  const cache = new Map<string, { at: number; families: Promise<Set<string>> }>();
  return {
    familiesIn(region) {
      const hit = cache.get(region);
      if (hit && now() - hit.at < ttlMs) return hit.families;
      const families = listGpuFamilies(clients.compute(subscriptionId), region);
      cache.set(region, { at: now(), families });
      families.catch(() => cache.delete(region));
      return families;
    },
  };
}

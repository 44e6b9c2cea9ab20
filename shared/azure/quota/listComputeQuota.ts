import type { AzureQuotaExtensionAPI } from "@azure/arm-quota";
import { paged } from "../AzureError";
import { computeQuotaScope } from "./computeScope";

export interface FamilyQuota {
  /** VM family as Azure names it, e.g. `standardNCADSA100v4Family`. */
  family: string;
  localizedName?: string;
  limit?: number;
  usage?: number;
}

/**
 * Limits and usages of every compute quota (VM families, total regional vCPUs...) of one
 * subscription in one region, joined by family. Two paged calls: quota.list and usages.list.
 */
export async function listComputeQuota(client: AzureQuotaExtensionAPI, subscriptionId: string, location: string): Promise<FamilyQuota[]> {
  const scope = computeQuotaScope(subscriptionId, location);
  const byFamily = new Map<string, FamilyQuota>();
  const entry = (name: string): FamilyQuota => {
    const key = name.toLowerCase();
    let e = byFamily.get(key);
    if (!e) byFamily.set(key, (e = { family: name }));
    return e;
  };
  for await (const q of paged(client.quota.list(scope))) {
    const name = q.properties?.name?.value ?? q.name;
    if (!name) continue;
    const e = entry(name);
    e.localizedName ??= q.properties?.name?.localizedValue;
    const limit = q.properties?.limit;
    if (limit && "value" in limit) e.limit = (limit as { value: number }).value;
  }
  for await (const u of paged(client.usages.list(scope))) {
    const name = u.properties?.name?.value ?? u.name;
    if (!name) continue;
    const e = entry(name);
    e.localizedName ??= u.properties?.name?.localizedValue;
    e.usage = u.properties?.usages?.value;
  }
  return [...byFamily.values()];
}

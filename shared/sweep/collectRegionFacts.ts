import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";
import type { ResourceFacts } from "../estate/ResourceFacts";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import { multiRegionReadinessParams } from "../guardrails/multiRegionReadiness/params";
import { isGpuCompute, isProdWorkload, workloadRegions } from "../guardrails/multiRegionReadiness/workloadRegions";
import type { QuotaReading, RegionFacts } from "./BatchFacts";
import { mapLimit } from "./mapLimit";
import type { SweepReader } from "./SweepReader";
import { resourcesBySubscription } from "../estate/resourcesBySubscription";

const CONCURRENCY = 8;

/**
 * What multiRegionReadiness needs about production workloads' other regions, read only for those:
 * the models listing of each such region where a workload has AI accounts (once per region, the
 * reader caches it), and the GPU quota of each (subscription, region) pair where a GPU workload
 * holds no quota-group allocation (one Microsoft.Quota read each).
 */
export async function collectRegionFacts(reader: SweepReader, policy: Policy, subscriptions: SubscriptionFacts[], resources: ResourceFacts[], quota: QuotaReading[]): Promise<RegionFacts | undefined> {
  const entry = entryOf(policy, "multiRegionReadiness");
  if (!entry || entry.mode === "off") return undefined;
  const p = multiRegionReadinessParams.parse(entry.params);
  const families = new Set(policy.gpuFamilies.quotaFamilies.map((f) => f.toLowerCase()));
  const modelRegions = new Map<string, string>();
  const quotaPairs: Array<{ subscriptionId: string; region: string }> = [];
  for (const sub of subscriptions) {
    if (!isProdWorkload(sub, p)) continue;
    const mine = resourcesBySubscription(resources, sub.id);
    const wr = workloadRegions(sub, mine, p, policy);
    if (!wr) continue;
    if (mine.some((r) => r.type === "microsoft.cognitiveservices/accounts")) for (const region of wr.secondaries) if (!modelRegions.has(region)) modelRegions.set(region, sub.id);
    const gpu = mine.some((r) => isGpuCompute(r, policy)) || quota.some((q) => q.subscriptionId === sub.id && q.limit > 0);
    if (!gpu) continue;
    for (const region of wr.secondaries) {
      if (!quota.some((q) => q.subscriptionId === sub.id && q.location === region && q.limit > 0)) quotaPairs.push({ subscriptionId: sub.id, region });
    }
  }
  const models: RegionFacts["models"] = {};
  const gpuQuota: RegionFacts["gpuQuota"] = {};
  await Promise.all([
    mapLimit([...modelRegions.entries()], CONCURRENCY, async ([region, subscriptionId]) => {
      models[region] = await reader.locationModels(subscriptionId, region);
    }),
    mapLimit(quotaPairs, CONCURRENCY, async ({ subscriptionId, region }) => {
      const limits = await reader.computeQuota(subscriptionId, region);
      gpuQuota[`${subscriptionId}|${region}`] = limits.filter((q) => families.has(q.family.toLowerCase())).reduce((n, q) => n + (q.limit ?? 0), 0);
    }),
  ]);
  return { models, gpuQuota };
}

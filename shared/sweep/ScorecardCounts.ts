import { z } from "zod";

/** The estate counts the readiness scorecard is computed from; batches add up. */
export const ScorecardCounts = z.object({
  aiServices: z.number().int().nonnegative(),
  aiServicesPrivate: z.number().int().nonnegative(),
  aiServicesSecure: z.number().int().nonnegative(),
  keyVaults: z.number().int().nonnegative(),
  aiResources: z.number().int().nonnegative(),
  aiResourcesByApprovedDeployer: z.number().int().nonnegative(),
  /** AI resources whose deployer is not known yet (no provenance, no systemData): left out of the automation share. */
  aiResourcesUnknownDeployer: z.number().int().nonnegative().default(0),
  /** Production workloads multiRegionReadiness judged, and those of them without a finding tonight. */
  prodWorkloads: z.number().int().nonnegative().default(0),
  prodWorkloadsMultiRegion: z.number().int().nonnegative().default(0),
  /** Regions with GPU quota (limit > 0) somewhere in scope. */
  gpuQuotaRegions: z.array(z.string()),
});
export type ScorecardCounts = z.infer<typeof ScorecardCounts>;

export const emptyCounts = (): ScorecardCounts => ({
  aiServices: 0, aiServicesPrivate: 0, aiServicesSecure: 0, keyVaults: 0, aiResources: 0, aiResourcesByApprovedDeployer: 0, aiResourcesUnknownDeployer: 0, prodWorkloads: 0, prodWorkloadsMultiRegion: 0, gpuQuotaRegions: [],
});

export function addCounts(a: ScorecardCounts, b: ScorecardCounts): ScorecardCounts {
  return {
    aiServices: a.aiServices + b.aiServices,
    aiServicesPrivate: a.aiServicesPrivate + b.aiServicesPrivate,
    aiServicesSecure: a.aiServicesSecure + b.aiServicesSecure,
    keyVaults: a.keyVaults + b.keyVaults,
    aiResources: a.aiResources + b.aiResources,
    aiResourcesByApprovedDeployer: a.aiResourcesByApprovedDeployer + b.aiResourcesByApprovedDeployer,
    aiResourcesUnknownDeployer: a.aiResourcesUnknownDeployer + b.aiResourcesUnknownDeployer,
    prodWorkloads: a.prodWorkloads + b.prodWorkloads,
    prodWorkloadsMultiRegion: a.prodWorkloadsMultiRegion + b.prodWorkloadsMultiRegion,
    gpuQuotaRegions: [...new Set([...a.gpuQuotaRegions, ...b.gpuQuotaRegions])].sort(),
  };
}

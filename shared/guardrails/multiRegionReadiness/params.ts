import { z } from "zod";
import { Archetype } from "../../estate/Archetype";

export const multiRegionReadinessName = "multiRegionReadiness";

export const multiRegionReadinessParams = z
  .object({
    /** Archetypes whose production workloads must be able to fail over. */
    archetypes: z.array(Archetype).default(["corp", "online"]),
    /** Subscription tag naming the workload's environment, and the values that mean production. */
    environmentTag: z.string().min(1).default("environment"),
    prodValues: z.array(z.string().min(1)).min(1).default(["prod"]),
    /** Subscription tag declaring the failover region(s), comma-separated (`secondary-region: swedencentral`). */
    secondaryRegionTag: z.string().min(1).default("secondary-region"),
  })
  .strict();
export type MultiRegionReadinessParams = z.infer<typeof multiRegionReadinessParams>;

export const multiRegionReadinessExample = `
multiRegionReadiness:
  mode: dryRun             # findings only: no automatic fix
  params:
    archetypes: [corp, online]
    environmentTag: environment
    prodValues: [prod, production]
    secondaryRegionTag: secondary-region
`;

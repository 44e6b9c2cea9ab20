import { z } from "zod";

export const aiHardeningName = "aiHardening";

const prefixes = z.array(z.string());

export const aiHardeningParams = z
  .object({
    checks: z
      .object({
        publicNetworkAccess: z.boolean().default(true),
        localAuth: z.boolean().default(true),
        managedIdentity: z.boolean().default(true),
        approvedModels: z.boolean().default(true),
        gpuSku: z.boolean().default(true),
        region: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** Checks with a fix: in enforce mode these become actions. */
    remediate: z
      .object({ publicNetworkAccess: z.boolean().default(true), localAuth: z.boolean().default(true) })
      .strict()
      .prefault({}),
    /** GPU VM size prefixes allowed per archetype; an archetype not listed allows every GPU size. */
    gpuSkusByArchetype: z
      .object({ corp: prefixes.optional(), online: prefixes.optional(), sandbox: prefixes.optional(), platform: prefixes.optional(), decommissioned: prefixes.optional(), none: prefixes.optional() })
      .strict()
      .default({ decommissioned: [] }),
    /** Regions allowed per archetype; defaults to `vending.archetypes.<archetype>.allowedRegions`. */
    allowedRegions: z
      .object({ corp: prefixes.optional(), online: prefixes.optional(), sandbox: prefixes.optional() })
      .strict()
      .default({}),
  })
  .strict();

export const aiHardeningExample = `
aiHardening:
  mode: enforce            # disables public network access and key auth on AI accounts
  params:
    remediate: { publicNetworkAccess: true, localAuth: true }
    gpuSkusByArchetype:
      sandbox: [Standard_NC4as_T4_v3, Standard_NC8as_T4_v3]   # small T4 sizes only
`;

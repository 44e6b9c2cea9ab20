import { z } from "zod";
import { WorkloadArchetype } from "./Archetype";

/**
 * The body of `POST /api/vending/requests`: shape only. Rules that need the policy (regions per
 * archetype, budget ceilings, lifetime, approvals) are checked by the vending validator.
 */
export const VendingRequest = z.object({
  workloadName: z.string().regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, "lower-case letters, digits and '-', 3-40 characters, starting with a letter"),
  archetype: WorkloadArchetype,
  environment: z.enum(["dev", "test", "prod"]),
  owners: z.array(z.string().min(1)).min(1),
  costCenter: z.string().min(1),
  budget: z.object({
    amount: z.number().positive(),
    thresholds: z.array(z.number().positive().max(1000)).max(5).optional(),
  }),
  regions: z.object({ primary: z.string().min(1), secondary: z.string().min(1).optional() }),
  gpuQuota: z
    .array(z.object({ family: z.string().min(1), region: z.string().min(1), cores: z.number().int().positive() }))
    .default([]),
  network: z.object({ size: z.number().int().min(16).max(29) }).optional(),
  expiresOn: z.iso.date().optional(),
  dataClassification: z.enum(["public", "internal", "confidential", "restricted"]).optional(),
  justification: z.string().optional(),
});
export type VendingRequest = z.infer<typeof VendingRequest>;

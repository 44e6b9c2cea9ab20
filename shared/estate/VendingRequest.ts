import { z } from "zod";
import { WorkloadArchetype } from "./Archetype";

// Limits keep a request storable and readable: each says what it is in the message.
const text = (max: number) => z.string().min(1).max(max, `at most ${max} characters`);

/**
 * The body of `POST /api/vending/requests`: shape only, and strict: an unknown key (a typo such
 * as `costCentre`) is refused by name rather than ignored. Rules that need the policy (regions
 * per archetype, budget ceilings, lifetime, approvals) are checked by the vending validator.
 */
export const VendingRequest = z
  .object({
    workloadName: z.string().regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, "lower-case letters, digits and '-', 3-40 characters, starting with a letter"),
    archetype: WorkloadArchetype,
    environment: z.enum(["dev", "test", "prod"]),
    owners: z.array(text(256)).min(1).max(20, "at most 20 owners"),
    costCenter: text(64),
    budget: z
      .object({
        amount: z.number().positive().max(1e9, "at most 1,000,000,000"),
        thresholds: z.array(z.number().positive().max(1000)).max(5, "at most 5 thresholds").optional(),
      })
      .strict(),
    regions: z.object({ primary: text(64), secondary: text(64).optional() }).strict(),
    gpuQuota: z
      .array(z.object({ family: text(128), region: text(64), cores: z.number().int().positive().max(100_000, "at most 100,000 cores") }).strict())
      .max(20, "at most 20 GPU quota entries")
      .default([]),
    network: z.object({ size: z.number().int().min(16).max(29) }).strict().optional(),
    expiresOn: z.iso.date().optional(),
    dataClassification: z.enum(["public", "internal", "confidential", "restricted"]).optional(),
    justification: z.string().max(2000, "at most 2000 characters").optional(),
  })
  .strict();
export type VendingRequest = z.infer<typeof VendingRequest>;

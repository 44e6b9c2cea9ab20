import { z } from "zod";

/**
 * One subscription's GPU figures for the morning report, from the night's facts: GPU cores its
 * quota allows (`coresAllocated`) and those on running GPU compute (`coresRunning`: VMs, scale-set
 * instances, AKS GPU nodes), the hours-weighted average GPU utilisation where a GPU metric is
 * published (null: none is), the idle hours of its measured VMs and scale sets, and the estimated
 * monthly waste: each measured resource's monthly cost times its idle share, plus the whole cost
 * of stopped-but-billed GPU VMs.
 */
export const GpuUtilisationRow = z.object({
  subscriptionId: z.string(),
  subscriptionName: z.string().default(""),
  coresAllocated: z.number().nonnegative(),
  coresRunning: z.number().nonnegative(),
  averageUtilisation: z.number().nullable(),
  /** Resources with metrics (any signal), and those with a GPU metric among them. */
  measured: z.number().int().nonnegative(),
  gpuMeasured: z.number().int().nonnegative(),
  idleHours: z.number().nonnegative(),
  windowHours: z.number().int().nonnegative(),
  estimatedMonthlyWaste: z.number().nonnegative(),
  currency: z.string(),
});
export type GpuUtilisationRow = z.infer<typeof GpuUtilisationRow>;

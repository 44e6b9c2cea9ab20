import { z } from "zod";

export const idleGpuQuotaName = "idleGpuQuota";

export const idleGpuQuotaParams = z
  .object({
    windowDays: z.number().int().positive().default(30),
    /** Idle when peak usage stayed below this share of the limit over the window. */
    idlePercent: z.number().positive().max(100).default(20),
    minAllocationAgeDays: z.number().int().nonnegative().default(30),
    /** Samples must reach back this far before idleness is claimed (no history, no reclaim). */
    minHistoryDays: z.number().int().nonnegative().default(30),
    headroomFactor: z.number().min(1).default(1.25),
    /** Never lower an allocation below this many cores. */
    floor: z.number().int().nonnegative().default(0),
    graceDays: z.number().nonnegative().default(7),
  })
  .strict();

export const idleGpuQuotaExample = `
idleGpuQuota:
  mode: enforce          # lowers idle allocations in the quota group after the grace period
  params:
    windowDays: 30
    idlePercent: 20
    headroomFactor: 1.25
    floor: 0
    graceDays: 7
`;

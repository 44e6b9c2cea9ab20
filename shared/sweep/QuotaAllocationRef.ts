import { z } from "zod";

/** A subscription's GPU allocation from the quota group, as the group reports it. */
export const QuotaAllocationRef = z.object({
  subscriptionId: z.string().toLowerCase(),
  location: z.string().toLowerCase(),
  family: z.string(),
  limit: z.number().nonnegative(),
});
export type QuotaAllocationRef = z.infer<typeof QuotaAllocationRef>;

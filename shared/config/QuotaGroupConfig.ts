import { z } from "zod";

/** The Microsoft.Quota group that GPU allocations come from and return to. */
export const QuotaGroupConfig = z.object({ managementGroupId: z.string().min(1), name: z.string().min(1) }).strict();
export type QuotaGroupConfig = z.infer<typeof QuotaGroupConfig>;

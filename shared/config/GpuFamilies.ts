import { z } from "zod";

/** What counts as GPU: VM size prefixes (case-insensitive) and quota family names. */
export const GpuFamilies = z
  .object({
    vmSizePrefixes: z.array(z.string().min(1)).default(["Standard_NC", "Standard_ND", "Standard_NG", "Standard_NV"]),
    quotaFamilies: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type GpuFamilies = z.infer<typeof GpuFamilies>;

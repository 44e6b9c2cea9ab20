import { z } from "zod";

const Instant = z.iso.datetime({ offset: true });

/**
 * One reading of GPU quota for a subscription, location and VM family, as the hourly sampler and
 * the sweep record it and the quota guardrail reads it. The store keeps one per hour: `at` comes
 * back as the start of its hour.
 */
export const QuotaSample = z.object({
  subscriptionId: z.string().min(1),
  location: z.string().min(1),
  family: z.string().min(1),
  at: Instant,
  usage: z.number().nonnegative(),
  limit: z.number().nonnegative(),
});
export type QuotaSample = z.infer<typeof QuotaSample>;

/** A subscription's allocation in the quota group, and since when it has held it. */
export const QuotaAllocation = z.object({
  subscriptionId: z.string().min(1).toLowerCase(),
  location: z.string().min(1).toLowerCase(),
  family: z.string().min(1),
  limit: z.number().int().nonnegative(),
  currentUsage: z.number().nonnegative(),
  allocatedAt: Instant,
});
export type QuotaAllocation = z.infer<typeof QuotaAllocation>;

/** A deallocated VM: it still counts against quota. */
export const DeallocatedVm = z.object({
  id: z.string().min(1),
  subscriptionId: z.string().min(1).toLowerCase(),
  location: z.string().min(1).toLowerCase(),
  vmSize: z.string().min(1),
  family: z.string().optional(),
  vcpus: z.number().int().nonnegative(),
  deallocatedAt: Instant,
});
export type DeallocatedVm = z.infer<typeof DeallocatedVm>;

import { z } from "zod";

const Instant = z.iso.datetime({ offset: true });

const QuotaReclaimBase = z.object({
  /** Stable per subscription/region/family and window, e.g. from `quotaReclaimId`. */
  id: z.string().min(1),
  subscriptionId: z.string().min(1),
  location: z.string().min(1),
  family: z.string().min(1),
  limit: z.number().int().nonnegative(),
  peakUsage: z.number().nonnegative(),
  targetLimit: z.number().int().nonnegative(),
  updatedAt: Instant,
});

export const QuotaReclaimObserving = QuotaReclaimBase.extend({ status: z.literal("Observing") });
export const QuotaReclaimNotified = QuotaReclaimBase.extend({
  status: z.literal("Notified"),
  notifiedAt: Instant,
  graceEndsAt: Instant,
});
export const QuotaReclaimKept = QuotaReclaimBase.extend({
  status: z.literal("Kept"),
  keptAt: Instant,
  keptBy: z.string().min(1),
  reason: z.string().min(1),
  /** A keep answer holds until the end of the current window; one per window. */
  keptUntil: Instant,
});
export const QuotaReclaimReclaimed = QuotaReclaimBase.extend({
  status: z.literal("Reclaimed"),
  reclaimedAt: Instant,
  fromLimit: z.number().int().nonnegative(),
  toLimit: z.number().int().nonnegative(),
});
export const QuotaReclaimFailed = QuotaReclaimBase.extend({
  status: z.literal("Failed"),
  failedAt: Instant,
  error: z.string().min(1),
});

export const QuotaReclaimState = z.discriminatedUnion("status", [
  QuotaReclaimObserving,
  QuotaReclaimNotified,
  QuotaReclaimKept,
  QuotaReclaimReclaimed,
  QuotaReclaimFailed,
]);
export type QuotaReclaimState = z.infer<typeof QuotaReclaimState>;

export const isQuotaObserving = (s: QuotaReclaimState): s is z.infer<typeof QuotaReclaimObserving> => s.status === "Observing";
export const isQuotaNotified = (s: QuotaReclaimState): s is z.infer<typeof QuotaReclaimNotified> => s.status === "Notified";
export const isQuotaKept = (s: QuotaReclaimState): s is z.infer<typeof QuotaReclaimKept> => s.status === "Kept";
export const isQuotaReclaimed = (s: QuotaReclaimState): s is z.infer<typeof QuotaReclaimReclaimed> => s.status === "Reclaimed";
export const isQuotaReclaimFailed = (s: QuotaReclaimState): s is z.infer<typeof QuotaReclaimFailed> => s.status === "Failed";

/** Table-key safe id of a reclaim: one per subscription/region/family. */
export function quotaReclaimId(subscriptionId: string, location: string, family: string): string {
  return `${subscriptionId.toLowerCase()}_${location.toLowerCase()}_${family}`;
}

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

const QuotaReclaimObserving = QuotaReclaimBase.extend({ status: z.literal("Observing") });
const QuotaReclaimNotified = QuotaReclaimBase.extend({
  status: z.literal("Notified"),
  notifiedAt: Instant,
  graceEndsAt: Instant,
});
/** @internal */
export const QuotaReclaimKept = QuotaReclaimBase.extend({
  status: z.literal("Kept"),
  keptAt: Instant,
  keptBy: z.string().min(1),
  reason: z.string().min(1),
  /** A keep answer holds until the end of the current window; one per window. */
  keptUntil: Instant,
});
const QuotaReclaimReclaimed = QuotaReclaimBase.extend({
  status: z.literal("Reclaimed"),
  reclaimedAt: Instant,
  fromLimit: z.number().int().nonnegative(),
  toLimit: z.number().int().nonnegative(),
});
const QuotaReclaimFailed = QuotaReclaimBase.extend({
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

/** @internal */
export const isQuotaKept = (s: QuotaReclaimState): s is z.infer<typeof QuotaReclaimKept> => s.status === "Kept";

/** Table-key safe id of a reclaim: one per subscription/region/family. */
export function quotaReclaimId(subscriptionId: string, location: string, family: string): string {
  return `${subscriptionId.toLowerCase()}_${location.toLowerCase()}_${family}`;
}

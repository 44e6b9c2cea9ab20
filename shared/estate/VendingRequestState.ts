import { z } from "zod";
import { VendingRequest } from "./VendingRequest";

const Instant = z.iso.datetime({ offset: true });

export const VendingStep = z.object({
  name: z.string().min(1),
  status: z.enum(["pending", "running", "succeeded", "failed", "skipped"]),
  startedAt: Instant.optional(),
  endedAt: Instant.optional(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type VendingStep = z.infer<typeof VendingStep>;

const VendingBase = z.object({
  id: z.string().min(1),
  idempotencyKey: z.string().min(1),
  request: VendingRequest,
  requestedBy: z.string().min(1),
  createdAt: Instant,
  updatedAt: Instant,
  steps: z.array(VendingStep).default([]),
  subscriptionId: z.string().optional(),
  /** True once a person had to step in (retry, manual approval does not count). */
  manualIntervention: z.boolean().default(false),
});

const VendingSubmitted = VendingBase.extend({ status: z.literal("Submitted") });
const VendingAwaitingApproval = VendingBase.extend({
  status: z.literal("AwaitingApproval"),
  approvalReasons: z.array(z.string()).min(1),
  approvalDeadline: Instant,
});
const VendingApproved = VendingBase.extend({ status: z.literal("Approved"), approvedBy: z.string(), approvedAt: Instant });
const VendingRejected = VendingBase.extend({
  status: z.literal("Rejected"),
  rejectedBy: z.string(),
  rejectedAt: Instant,
  reason: z.string().min(1),
});
const VendingProvisioning = VendingBase.extend({ status: z.literal("Provisioning"), currentStep: z.string() });
const VendingCompleted = VendingBase.extend({ status: z.literal("Completed"), completedAt: Instant, subscriptionId: z.string().min(1) });
const VendingFailed = VendingBase.extend({
  status: z.literal("Failed"),
  failedAt: Instant,
  failedStep: z.string(),
  error: z.object({ code: z.string(), message: z.string() }),
});
const VendingCancelled = VendingBase.extend({ status: z.literal("Cancelled"), cancelledBy: z.string(), cancelledAt: Instant });
const VendingExpired = VendingBase.extend({ status: z.literal("Expired"), expiredAt: Instant });

export const VendingRequestState = z.discriminatedUnion("status", [
  VendingSubmitted,
  VendingAwaitingApproval,
  VendingApproved,
  VendingRejected,
  VendingProvisioning,
  VendingCompleted,
  VendingFailed,
  VendingCancelled,
  VendingExpired,
]);
export type VendingRequestState = z.infer<typeof VendingRequestState>;
export type VendingStatus = VendingRequestState["status"];

type Of<S extends VendingStatus> = Extract<VendingRequestState, { status: S }>;
const is = <S extends VendingStatus>(status: S) => (s: VendingRequestState): s is Of<S> => s.status === status;
/** @internal */
export const isVendingFailed = is("Failed");
/** Terminal states: nothing more happens without a `retry`. */
export const isVendingTerminal = (s: VendingRequestState): boolean =>
  ["Rejected", "Completed", "Failed", "Cancelled", "Expired"].includes(s.status);

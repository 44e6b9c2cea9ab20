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

export const VendingSubmitted = VendingBase.extend({ status: z.literal("Submitted") });
export const VendingAwaitingApproval = VendingBase.extend({
  status: z.literal("AwaitingApproval"),
  approvalReasons: z.array(z.string()).min(1),
  approvalDeadline: Instant,
});
export const VendingApproved = VendingBase.extend({ status: z.literal("Approved"), approvedBy: z.string(), approvedAt: Instant });
export const VendingRejected = VendingBase.extend({
  status: z.literal("Rejected"),
  rejectedBy: z.string(),
  rejectedAt: Instant,
  reason: z.string().min(1),
});
export const VendingProvisioning = VendingBase.extend({ status: z.literal("Provisioning"), currentStep: z.string() });
export const VendingCompleted = VendingBase.extend({ status: z.literal("Completed"), completedAt: Instant, subscriptionId: z.string().min(1) });
export const VendingFailed = VendingBase.extend({
  status: z.literal("Failed"),
  failedAt: Instant,
  failedStep: z.string(),
  error: z.object({ code: z.string(), message: z.string() }),
});
export const VendingCancelled = VendingBase.extend({ status: z.literal("Cancelled"), cancelledBy: z.string(), cancelledAt: Instant });
export const VendingExpired = VendingBase.extend({ status: z.literal("Expired"), expiredAt: Instant });

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
export const isVendingSubmitted = is("Submitted");
export const isVendingAwaitingApproval = is("AwaitingApproval");
export const isVendingApproved = is("Approved");
export const isVendingRejected = is("Rejected");
export const isVendingProvisioning = is("Provisioning");
export const isVendingCompleted = is("Completed");
export const isVendingFailed = is("Failed");
export const isVendingCancelled = is("Cancelled");
export const isVendingExpired = is("Expired");
/** Terminal states: nothing more happens without a `retry`. */
export const isVendingTerminal = (s: VendingRequestState): boolean =>
  ["Rejected", "Completed", "Failed", "Cancelled", "Expired"].includes(s.status);

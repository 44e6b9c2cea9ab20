import { withStep } from "../../../shared/vending/withStep";
import { readRequest, updateRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

export interface AwaitApprovalInput {
  requestId: string;
  reasons: string[];
  deadline: string;
}

/** AwaitingApproval with the reasons and deadline; the approvers are told. Idempotent. */
export async function awaitApproval(deps: VendingDeps, input: AwaitApprovalInput): Promise<void> {
  const at = deps.now().toISOString();
  const s = await updateRequest(deps, input.requestId, (s) =>
    s.status === "AwaitingApproval"
      ? undefined
      : withStep({ ...s, status: "AwaitingApproval", approvalReasons: input.reasons, approvalDeadline: input.deadline }, "approval", { status: "running", startedAt: at }, at),
  );
  await deps.notifier.notify({
    title: `Vending request ${s.request.workloadName} (${s.request.archetype}/${s.request.environment}) awaits approval`,
    summary: `Needs approval because: ${input.reasons.join("; ")}. Decide before ${input.deadline}.`,
    kind: "vending.awaitingApproval",
    facts: [{ name: "request", value: input.requestId }, { name: "requested by", value: s.requestedBy }],
    recipients: deps.vending.approval.approvers.length > 0 ? deps.vending.approval.approvers : deps.policy.notifications.platformContacts,
    data: { requestId: input.requestId, reasons: input.reasons, deadline: input.deadline },
  });
}

export interface RecordDecisionInput {
  requestId: string;
  decision: "approved" | "notRequired" | "rejected" | "cancelled" | "expired";
  by?: string;
  reason?: string;
  at: string;
}

/**
 * Applies the approval outcome: approved (or no approval needed) moves on to Provisioning;
 * rejected, cancelled and expired close the request and tell the requester. Idempotent: a state
 * already past the gate is left alone.
 */
export async function recordDecision(deps: VendingDeps, input: RecordDecisionInput): Promise<void> {
  const at = input.at;
  const before = await readRequest(deps, input.requestId);
  if (!["Submitted", "AwaitingApproval", "Approved", "Failed"].includes(before.status)) return;
  const by = input.by ?? "policy";
  const s = await updateRequest(deps, input.requestId, (s) => {
    switch (input.decision) {
      case "approved":
      case "notRequired":
        return withStep({ ...s, status: "Provisioning", currentStep: "subscription" }, "approval", { status: input.decision === "approved" ? "succeeded" : "skipped", endedAt: at, result: { required: input.decision === "approved", by } }, at);
      case "rejected":
        return withStep({ ...s, status: "Rejected", rejectedBy: by, rejectedAt: at, reason: input.reason ?? "rejected" }, "approval", { status: "failed", endedAt: at, result: { by, reason: input.reason } }, at);
      case "cancelled":
        return withStep({ ...s, status: "Cancelled", cancelledBy: by, cancelledAt: at }, "approval", { status: "failed", endedAt: at, result: { cancelledBy: by } }, at);
      case "expired":
        return withStep({ ...s, status: "Expired", expiredAt: at }, "approval", { status: "failed", endedAt: at, error: { code: "ApprovalTimedOut", message: "no decision before the approval deadline" } }, at);
    }
  });
  if (input.decision === "approved" || input.decision === "notRequired") return;
  const why = input.decision === "rejected" ? `rejected by ${by}: ${input.reason ?? ""}` : input.decision === "cancelled" ? `cancelled by ${by}` : "closed: no approval decision before the deadline";
  await deps.notifier.notify({
    title: `Vending request ${s.request.workloadName} ${input.decision}`,
    summary: `Your subscription request was ${why}.`,
    kind: `vending.${input.decision}`,
    recipients: [s.requestedBy],
    data: { requestId: input.requestId },
  });
}

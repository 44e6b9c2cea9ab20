import { withStep } from "../../../shared/vending/withStep";
import { readRequest, updateRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

/** Failed, naming the step and the error Azure gave on its last attempt; the requester is told how to resume. */
export async function markFailed(deps: VendingDeps, input: { requestId: string; step: string; at: string; fallback: { code: string; message: string } }) {
  const before = await readRequest(deps, input.requestId);
  const error = before.steps.find((x) => x.name === input.step)?.error ?? input.fallback;
  const s = await updateRequest(deps, input.requestId, (s) =>
    withStep({ ...s, status: "Failed", failedAt: input.at, failedStep: input.step, error }, input.step, { status: "failed", endedAt: input.at, error }, input.at),
  );
  deps.telemetry?.vendingCompleted({
    requestId: input.requestId,
    archetype: s.request.archetype,
    durationMs: Math.max(0, Date.parse(input.at) - Date.parse(s.createdAt)),
    outcome: "failed",
  });
  await deps.notifier.notify({
    title: `Vending ${s.request.workloadName} failed at ${input.step}`,
    summary: `${error.code}: ${error.message}. POST /api/vending/requests/${input.requestId}/retry resumes from this step.`,
    severity: "high",
    kind: "vending.failed",
    recipients: [s.requestedBy, ...deps.policy.notifications.platformContacts],
    data: { requestId: input.requestId, step: input.step, error },
  });
  return { error };
}

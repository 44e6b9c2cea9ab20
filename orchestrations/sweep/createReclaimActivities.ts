import { executeDecision } from "../../shared/actions/executeDecision";
import type { ActionContext } from "../../shared/actions/ActionContext";
import type { QuotaReclaimState } from "../../shared/estate/QuotaReclaimState";
import type { SweepDeps } from "./SweepDeps";
import type { KeepAnswer, ReclaimInput } from "./types";

const DAY = 86_400_000;

/** The quotaReclaim orchestration's activities: notify, record a keep, lower the allocation. */
export function createReclaimActivities(deps: SweepDeps) {
  const { stores, policy } = deps;
  const base = (input: ReclaimInput, at: string) => {
    const a = input.decision.action;
    if (a?.type !== "lowerQuotaAllocation") throw new Error("decision.action must be lowerQuotaAllocation");
    return { id: input.reclaimId, subscriptionId: a.subscriptionId, location: a.location, family: a.family, limit: a.fromLimit, peakUsage: a.peakUsage, targetLimit: a.toLimit, updatedAt: at, action: a };
  };
  const save = async (state: QuotaReclaimState, extra: Record<string, unknown> = {}) => {
    await stores.quotaReclaims.update(state.id, (cur) => ({ ...(cur ?? {}), ...state, ...extra }));
  };

  return {
    async reclaimNotify(input: { input: ReclaimInput; notifiedAt: string; graceEndsAt: string }): Promise<void> {
      const { action, ...b } = base(input.input, input.notifiedAt);
      await save({ ...b, status: "Notified", notifiedAt: input.notifiedAt, graceEndsAt: input.graceEndsAt });
      await stores.audit.append({ id: `reclaim-${b.id}-${input.notifiedAt}-notified`, at: input.notifiedAt, actor: deps.actor, action: "quotaReclaim.notify", guardrail: "idleGpuQuota", resourceId: input.input.decision.resourceId, reason: input.input.decision.reason, dryRun: input.input.decision.dryRun });
      await deps.notifier.notify({
        title: `Idle GPU quota: ${action.family} in ${action.location} will be lowered from ${action.fromLimit} to ${action.toLimit} on ${input.graceEndsAt.slice(0, 10)}`,
        summary: `${input.input.decision.reason}. Answer "keep" with a reason before ${input.graceEndsAt.slice(0, 10)} to keep it for this window.`,
        severity: "medium",
        recipients: input.input.owners,
        kind: "quotaReclaim.notified",
        resourceId: input.input.decision.resourceId,
        guardrail: "idleGpuQuota",
        links: [{ title: "Keep this quota", url: `${deps.publicBaseUrl}/api/quota-reclaims/${encodeURIComponent(b.id)}/keep` }],
        data: { reclaimId: b.id, graceEndsAt: input.graceEndsAt },
      }, { defaultContacts: policy.notifications.defaultContacts });
    },

    async reclaimKeep(input: { input: ReclaimInput; answer: KeepAnswer; at: string }): Promise<{ status: "Kept"; keptUntil: string }> {
      const { action: _a, ...b } = base(input.input, input.at);
      const keptUntil = new Date(Date.parse(input.at) + policy.guardrails.idleGpuQuota.params.windowDays * DAY).toISOString();
      await save({ ...b, status: "Kept", keptAt: input.at, keptBy: input.answer.by, reason: input.answer.reason, keptUntil }, { lastKeptAt: input.at });
      await stores.audit.append({ id: `reclaim-${b.id}-${input.at}-kept`, at: input.at, actor: input.answer.by, action: "quotaReclaim.keep", guardrail: "idleGpuQuota", resourceId: input.input.decision.resourceId, reason: input.answer.reason, details: { keptUntil } });
      return { status: "Kept", keptUntil };
    },

    async reclaimLower(input: { input: ReclaimInput; at: string }): Promise<{ status: "Reclaimed" | "Failed" | "WouldReclaim"; note: string }> {
      const now = new Date(input.at);
      const { action, ...b } = base(input.input, input.at);
      const ctx: ActionContext = {
        azure: deps.azure, rootManagementGroupId: policy.managementGroups.root, sandboxActivity: stores.sandboxActivity,
        notifier: deps.notifier, now: () => now, audit: stores.audit, actor: deps.actor, correlationId: `reclaim:${input.input.reclaimId}:${input.input.sweepId}`,
      };
      const { result } = await executeDecision(input.input.decision, ctx);
      const note = result?.note ?? "";
      if (input.input.decision.dryRun) {
        await save({ ...b, status: "Observing" });
        return { status: "WouldReclaim", note };
      }
      if (result?.outcome === "failed") {
        await save({ ...b, status: "Failed", failedAt: input.at, error: note || "failed" });
        return { status: "Failed", note };
      }
      const after = (result?.after as { limit?: number } | undefined)?.limit ?? action.toLimit;
      await save({ ...b, status: "Reclaimed", reclaimedAt: input.at, fromLimit: action.fromLimit, toLimit: after });
      await deps.notifier.notify({
        title: `GPU quota lowered: ${action.family} in ${action.location} for ${action.subscriptionId}`,
        summary: note,
        recipients: input.input.owners,
        kind: "quotaReclaim.reclaimed",
        resourceId: input.input.decision.resourceId,
        guardrail: "idleGpuQuota",
      }, { defaultContacts: policy.notifications.defaultContacts });
      return { status: "Reclaimed", note };
    },
  };
}

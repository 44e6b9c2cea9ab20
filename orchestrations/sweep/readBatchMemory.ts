import { exemptionFromRecord } from "../../shared/engine/exemptions/exemptionFromRecord";
import type { Policy } from "../../shared/config/Policy";
import { QuotaReclaimState } from "../../shared/estate/QuotaReclaimState";
import type { QuotaSample } from "../../shared/estate/QuotaSample";
import { SandboxState } from "../../shared/estate/SandboxState";
import { budgetAlertKey } from "../../shared/guardrails/budgetAlerts/budgetAlertKey";
import type { BatchFacts } from "../../shared/sweep/BatchFacts";
import type { BatchMemory } from "../../shared/sweep/BatchMemory";
import type { Stores } from "../../shared/store/ports";

const DAY = 86_400_000;

/**
 * What ailz already knows about a batch, read from the stores before evaluating it: the sweep
 * reads it for each batch, and the policy preview reads it the same way (so a preview sees the
 * state the next sweep will start from). Reads only.
 */
export async function readBatchMemory(
  stores: Pick<Stores, "quotaSamples" | "budgetAlerts" | "sandboxState" | "sandboxActivity" | "quotaReclaims" | "exemptions">,
  policy: Policy,
  facts: BatchFacts,
  periodStart: string,
  now: Date,
  extra: { vcpusBySize: Record<string, number>; locks?: Record<string, string[]>; tagBudgetIds?: string[] },
): Promise<BatchMemory> {
  const p = policy.guardrails.idleGpuQuota.params;
  const since = new Date(now.getTime() - (p.windowDays + p.minAllocationAgeDays) * DAY).toISOString();
  const samples: QuotaSample[] = (
    await Promise.all(
      facts.quota.map((q) => stores.quotaSamples.samples(q.subscriptionId, q.location, q.family, since)),
    )
  ).flat();
  // Subscription budgets, and the tag-value budgets this batch judges (tagBudgetFacts).
  const budgetIds = [...facts.budgets.map((b) => b.id), ...(extra.tagBudgetIds ?? [])];
  const fired = (await Promise.all(budgetIds.map((id) => stores.budgetAlerts.fired(id.toLowerCase(), periodStart)))).flat();
  return {
    sandboxStates: (await stores.sandboxState.list()).flatMap((d) => {
      const s = SandboxState.safeParse(d.value);
      return s.success ? [s.data] : [];
    }),
    activities: (await stores.sandboxActivity.list()).map((a) => ({ sandboxId: a.sandboxId, at: a.at, by: a.by })),
    firedKeys: fired.map((f) => budgetAlertKey(f.scope, f.period, f.kind === "actual" ? "Actual" : "Forecasted", f.threshold)),
    samples,
    reclaims: (await stores.quotaReclaims.list()).flatMap((d) => {
      const s = QuotaReclaimState.safeParse(d.value);
      return s.success ? [s.data] : [];
    }),
    locks: { ...(extra.locks ?? {}) },
    vcpusBySize: extra.vcpusBySize,
    // Exemptions are few: one read of the active ones serves the whole batch.
    exemptions: (await stores.exemptions.list({ now: now.toISOString() })).map(exemptionFromRecord),
  };
}

import { AzureError } from "../../../shared/azure/AzureError";
import { getGroupQuotaLimits, getSubscriptionAllocations, setSubscriptionAllocation } from "../../../shared/azure/quota/groupQuotaAllocations";
import { joinQuotaGroup } from "../../../shared/vending/azure/joinQuotaGroup";
import { normalizeRegion } from "../../../shared/vending/normalizeRegion";
import { errorOf } from "../errorOf";
import { inStep } from "../inStep";
import { readRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

export interface QuotaOutcome {
  family: string;
  region: string;
  cores: number;
  status: "allocated" | "pending";
  reason?: string;
  limit?: number;
}

/**
 * Each requested GPU family from the quota group: allocated when the group has headroom,
 * otherwise recorded as a pending increase and the platform team told. Never fails the request:
 * a quota shortfall is a follow-up, not a reason to throw away a subscription.
 */
export async function allocateGpuQuota(deps: VendingDeps, input: { requestId: string; subscriptionId: string; unavailable?: string }): Promise<{ quota: QuotaOutcome[] }> {
  const s = await readRequest(deps, input.requestId);
  const group = deps.policy.quotaGroup;
  return inStep(deps, input.requestId, "quota", async () => {
    const out: QuotaOutcome[] = [];
    let joined: string | undefined;
    for (const q of s.request.gpuQuota) {
      const region = normalizeRegion(q.region);
      const base = { family: q.family, region, cores: q.cores };
      if (!group || input.unavailable) {
        out.push({ ...base, status: "pending", reason: input.unavailable ?? "no quotaGroup in the policy" });
        continue;
      }
      try {
        const client = deps.clients.quota(input.subscriptionId);
        if (joined === undefined) {
          await joinQuotaGroup(client, group.managementGroupId, group.name);
          joined = group.name;
        }
        const mine = (await getSubscriptionAllocations(client, group.managementGroupId, group.name, region)).find((a) => a.family.toLowerCase() === q.family.toLowerCase());
        const current = mine?.limit ?? 0;
        if (current >= q.cores) {
          out.push({ ...base, status: "allocated", limit: current });
          continue;
        }
        const free = (await getGroupQuotaLimits(client, group.managementGroupId, group.name, region)).find((l) => l.family.toLowerCase() === q.family.toLowerCase())?.availableLimit ?? 0;
        if (free < q.cores - current) {
          out.push({ ...base, status: "pending", reason: `quota group ${group.name} has ${free} free ${q.family} cores in ${region}` });
          continue;
        }
        await setSubscriptionAllocation(client, group.managementGroupId, group.name, region, q.family, q.cores);
        out.push({ ...base, status: "allocated", limit: q.cores });
      } catch (e) {
        // Transient errors go back to the orchestrator's retry policy; once it gives up, it calls
        // again with `unavailable` and everything is recorded as pending.
        if (e instanceof AzureError && e.retryable) throw e;
        const err = errorOf(e);
        out.push({ ...base, status: "pending", reason: `${err.code}: ${err.message}` });
      }
    }
    const pending = out.filter((o) => o.status === "pending");
    if (pending.length > 0) {
      await deps.notifier.notify({
        title: `GPU quota pending for ${s.request.workloadName} (${input.subscriptionId})`,
        summary: "The quota group could not cover these requests; raise the group's limit or the subscription's quota.",
        severity: "medium",
        kind: "vending.quotaPending",
        facts: pending.map((p) => ({ name: `${p.family} in ${p.region}`, value: `${p.cores} cores: ${p.reason ?? ""}` })),
        recipients: deps.policy.notifications.platformContacts,
        data: { requestId: input.requestId, subscriptionId: input.subscriptionId, pending },
      });
    }
    return { quota: out };
  });
}

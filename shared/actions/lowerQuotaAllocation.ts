import type { ActionOf } from "../estate/Action";
import type { ActionResult } from "./ActionResult";
import type { ActionContext } from "./ActionContext";

/**
 * Lowers a subscription's allocation in the quota group, returning the rest to the group.
 * Re-reads usage first: the new limit is never below what is in use now, and a limit already at
 * or below the target is left alone (idempotent).
 */
export async function lowerQuotaAllocation(action: ActionOf<"lowerQuotaAllocation">, ctx: ActionContext): Promise<ActionResult> {
  if (!action.quotaGroup) return { outcome: "skipped", note: "no quota group in the policy: quota is only returned through a quota group" };
  const current = await ctx.azure.quotaAllocation(action.quotaGroup, action.subscriptionId, action.location, action.family);
  if (!current) return { outcome: "skipped", note: `${action.subscriptionId} holds no ${action.family} allocation in ${action.location}` };
  const target = Math.max(action.toLimit, Math.ceil(current.usage));
  const before = { limit: current.limit, usage: current.usage };
  if (current.limit <= target) return { outcome: "succeeded", noop: true, note: `allocation already ${current.limit} (target ${target})`, before, after: before };
  await ctx.azure.setQuotaAllocation(action.quotaGroup, action.subscriptionId, action.location, action.family, target);
  return { outcome: "succeeded", note: `allocation lowered from ${current.limit} to ${target}; ${current.limit - target} cores returned to ${action.quotaGroup.name}`, before, after: { limit: target, usage: current.usage } };
}

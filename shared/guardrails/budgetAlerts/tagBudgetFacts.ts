import type { Policy } from "../../config/Policy";
import type { BudgetFacts } from "../../estate/BudgetFacts";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import { forecastOf } from "../../sweep/collectCosts";
import type { CostFacts } from "../../sweep/CostFacts";

/** The scope string of one tag value (`tag:cost-center=cc-2100`), also its budget id when the policy defines the budget. */
const tagScopeOf = (tag: string, value: string) => `tag:${tag}=${value}`;

/**
 * The tag values (each of `tagGroups`, `(untagged)` included) that have a budget, as budget scopes
 * for this batch. A value's spend spans the estate but is judged once a night: by the batch holding
 * the subscription with the most of that value's spend. Its budget is the root management group's
 * `Microsoft.Consumption/budgets` filtered to the value if one exists, else the policy's
 * `tagBudgets`; its owners are the budget's contacts (the Azure budget's emails, the policy's
 * owners), else the owners of the subscriptions the value was spent in.
 */
export function tagBudgetFacts(subscriptions: SubscriptionFacts[], costs: CostFacts, policy: Policy): BudgetFacts[] {
  const p = policy.guardrails.budgetAlerts.params;
  const here = new Map(subscriptions.map((s) => [s.id.toLowerCase(), s]));
  const rootId = `/providers/Microsoft.Management/managementGroups/${policy.managementGroups.root}`;
  const out: BudgetFacts[] = [];
  for (const line of costs.tagSpend ?? []) {
    const subs = Object.entries(line.bySubscription).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const lead = subs[0]?.[0];
    if (!lead || !here.has(lead)) continue;
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const azure = (costs.tagBudgets ?? []).find((b) => same(b.tag, line.tag) && same(b.value, line.value));
    const byTag = Object.entries(p.tagBudgets).find(([t]) => same(t, line.tag))?.[1] ?? {};
    const own = Object.entries(byTag).find(([v]) => same(v, line.value))?.[1];
    const amount = azure?.amount ?? own?.amount;
    if (!amount) continue;
    const named = azure?.contacts.length ? azure.contacts : (own?.owners ?? []);
    const spentIn = subs.map(([id]) => here.get(id)?.tags[policy.notifications.ownerTag]).filter((o): o is string => !!o);
    const scope = tagScopeOf(line.tag, line.value);
    const forecast = forecastOf(line.actual, line.recentDaily, costs);
    out.push({
      id: azure?.id ?? scope.toLowerCase(),
      scope,
      resourceId: azure?.id ?? rootId,
      scopeType: "tag",
      amount,
      currency: costs.currency,
      periodStart: costs.periodStart,
      actual: line.actual,
      forecast: forecast.total,
      forecastBasis: forecast.basis,
      daysWithData: costs.daysWithData,
      owners: named.length ? named : [...new Set(spentIn)],
      topDrivers: subs.map(([id, cost]) => ({ kind: "subscription" as const, name: here.get(id)?.name || id, cost })),
    });
  }
  return out;
}

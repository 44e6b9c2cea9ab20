import type { Policy } from "../../config/Policy";
import type { BudgetFacts } from "../../estate/BudgetFacts";
import type { SweepOutcome } from "../../engine/GuardrailModule";
import { forecastOf } from "../../sweep/collectCosts";
import type { SweepBatch } from "../../sweep/SweepBatch";
import { evaluateBudgetAlerts } from "./evaluateBudgetAlerts";
import { tagBudgetFacts } from "./tagBudgetFacts";

/** Subscription budgets and tag-value budgets against month-to-date cost (management-group cost queries shared by the whole sweep). */
export function sweepBudgets({ subscriptions, facts, costs, memory }: SweepBatch, policy: Policy, now: Date): SweepOutcome {
  const bySub = new Map(subscriptions.map((s) => [s.id, s]));
  const actualOf = (subId: string) => Object.values(costs.bySubscription[subId] ?? {}).reduce((a, b) => a + b, 0);
  const budgets: BudgetFacts[] = facts.budgets.map((b) => {
    const actual = actualOf(b.subscriptionId);
    const drivers = Object.entries(costs.bySubscription[b.subscriptionId] ?? {}).map(([name, cost]) => ({ kind: "resourceGroup" as const, name: name || "(no resource group)", cost }));
    const owner = bySub.get(b.subscriptionId)?.tags[policy.notifications.ownerTag];
    const forecast = forecastOf(actual, costs.recentDaily[b.subscriptionId] ?? 0, costs);
    return {
      id: b.id.toLowerCase(), scope: `/subscriptions/${b.subscriptionId}`, scopeType: "subscription", amount: b.amount, currency: costs.currency,
      periodStart: costs.periodStart, actual, forecast: forecast.total, forecastBasis: forecast.basis, daysWithData: costs.daysWithData, owners: owner ? [owner] : [], topDrivers: drivers,
    };
  });
  const live = subscriptions.filter((s) => s.archetype !== "decommissioned");
  const all = [...budgets.filter((b) => b.amount > 0), ...tagBudgetFacts(subscriptions, costs, policy)];
  const decisions = evaluateBudgetAlerts({ budgets: all, fired: memory.firedKeys, subscriptions: live }, policy, now).filter((d) => d.verdict !== "ok");
  return { decisions };
}

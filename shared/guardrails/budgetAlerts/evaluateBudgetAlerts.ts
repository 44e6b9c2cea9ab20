import type { Decision } from "../../estate/Decision";
import type { BudgetFacts } from "../../estate/BudgetFacts";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import { budgetAlertKey } from "./budgetAlertKey";
import { budgetAlertsName } from "./params";

export interface BudgetAlertsFacts {
  budgets: BudgetFacts[];
  /** Keys (`budgetAlertKey`) already fired; a key fires once. */
  fired: readonly string[];
  /** The thresholds to judge (percent); default the policy's. Azure's own alert brings its threshold. */
  thresholds?: { actual: number[]; forecasted: number[] };
  /** Subscriptions in scope, to find those without a budget; omit when checking alerts only. */
  subscriptions?: SubscriptionFacts[];
}

const money = (n: number, c: string) => `${n.toFixed(2)} ${c}`;

/**
 * Newly crossed thresholds (actual and forecasted) -> one `flag` decision each, routed to the
 * budget's owners, with the top cost drivers; `evidence.alertKey` is what to remember as fired.
 * Forecast thresholds wait until the period has `forecastMinDays` days of data (they fire later,
 * once, if the forecast still crosses); actual thresholds never wait. A forecast alert says what
 * the forecast rests on.
 * Subscriptions without a budget -> `flag`, or `act` with `createBudget` (default amount and
 * notifications from the params), `ok` where a budget exists.
 */
export function evaluateBudgetAlerts(facts: BudgetAlertsFacts, policy: Policy, _now: Date): Decision[] {
  const p = policy.guardrails.budgetAlerts.params;
  const fired = new Set(facts.fired.map((k) => k.toLowerCase()));
  const decisions: Decision[] = [];

  for (const b of facts.budgets) {
    const topDrivers = [...b.topDrivers].sort((x, y) => y.cost - x.cost).slice(0, p.topDrivers);
    const series = [
      { type: "Actual" as const, value: b.actual, thresholds: (facts.thresholds ?? p.thresholds).actual },
      { type: "Forecasted" as const, value: b.forecast, thresholds: (facts.thresholds ?? p.thresholds).forecasted },
    ];
    for (const s of series) {
      // Too little of the period to forecast from: hold forecast thresholds back (they are not marked fired).
      if (s.type === "Forecasted" && b.daysWithData < p.forecastMinDays) continue;
      const percent = (s.value / b.amount) * 100;
      for (const threshold of [...s.thresholds].sort((x, y) => x - y)) {
        const alertKey = budgetAlertKey(b.id, b.periodStart, s.type, threshold);
        if (percent < threshold || fired.has(alertKey.toLowerCase())) continue;
        const drivers = topDrivers.map((d) => `${d.name} ${money(d.cost, b.currency)}`).join(", ");
        decisions.push({
          guardrail: budgetAlertsName,
          resourceId: b.resourceId ?? b.scope,
          verdict: "flag",
          // A tag value's findings share the root management group's id: the value keeps them apart.
          rule: `${b.scopeType === "tag" ? `${b.scope}:` : ""}${s.type.toLowerCase()}-${threshold}`,
          severity: threshold >= 100 ? "high" : threshold >= 90 ? "medium" : "low",
          reason: `budgetAlerts: ${s.type === "Actual" ? "spend" : "forecast"} ${money(s.value, b.currency)} is ${Math.round(percent)}% of the ${money(b.amount, b.currency)} budget for ${b.scope} (threshold ${threshold}%)${s.type === "Forecasted" && b.forecastBasis ? `; forecast from ${b.forecastBasis}` : ""}${drivers ? `; top drivers: ${drivers}` : ""}`,
          evidence: { alertKey, budgetId: b.id, periodStart: b.periodStart, thresholdType: s.type, threshold, percent, actual: b.actual, forecast: b.forecast, amount: b.amount, currency: b.currency, scopeType: b.scopeType, topDrivers, daysWithData: b.daysWithData, ...(s.type === "Forecasted" && b.forecastBasis ? { forecastBasis: b.forecastBasis } : {}) },
          action: { type: "notifyOnly", contacts: b.owners, subject: `Budget ${threshold}% ${s.type.toLowerCase()}: ${b.scope}` },
          dryRun: dryRunFor(policy, budgetAlertsName),
        });
      }
    }
  }

  const budgeted = new Set(facts.budgets.filter((b) => b.scopeType === "subscription").map((b) => b.scope.toLowerCase().replace(/\/+$/, "")));
  for (const sub of facts.subscriptions ?? []) {
    if (!p.requireBudgetIn.includes(sub.archetype)) continue;
    const scope = `/subscriptions/${sub.id}`;
    const base = { guardrail: budgetAlertsName, resourceId: scope, rule: "missingBudget", evidence: { subscriptionName: sub.name, archetype: sub.archetype } };
    if (budgeted.has(scope)) {
      decisions.push({ ...base, verdict: "ok", reason: `budgetAlerts: ${sub.name || sub.id} has a budget`, dryRun: dryRunFor(policy, budgetAlertsName) });
      continue;
    }
    const d = p.defaultBudget;
    const action = {
      type: "createBudget",
      scope,
      name: "ailz-default",
      amount: d.amount,
      timeGrain: "Monthly",
      notifications: [
        ...d.actual.map((threshold) => ({ threshold, thresholdType: "Actual" as const })),
        ...d.forecasted.map((threshold) => ({ threshold, thresholdType: "Forecasted" as const })),
      ].map((n) => ({ ...n, enabled: true, operator: "GreaterThanOrEqualTo" as const, contactEmails: [], contactRoles: d.contactRoles, contactGroups: [] })),
    } as const;
    decisions.push({
      ...base,
      verdict: "act",
      severity: "medium",
      reason: `budgetAlerts: subscription ${sub.name || sub.id} (${sub.archetype}) has no budget; create ${money(d.amount, "USD")} monthly`,
      action,
      dryRun: dryRunFor(policy, budgetAlertsName, action),
    });
  }
  return decisions;
}

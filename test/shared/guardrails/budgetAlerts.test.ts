import { describe, expect, it } from "vitest";
import { evaluateBudgetAlerts } from "../../../shared/guardrails/budgetAlerts/evaluateBudgetAlerts";
import { BudgetFacts } from "../../../shared/estate/BudgetFacts";
import { examplePolicy, policyWith } from "../fixtures/policy";
import { NOW, subscriptionFacts } from "../fixtures/facts";
import { CORP_SUB, ONLINE_SUB } from "../fixtures/ids";

const policy = examplePolicy();
const budget = (actual: number, forecast: number, daysWithData = 14) =>
  BudgetFacts.parse({
    daysWithData,
    forecastBasis: `${daysWithData} day(s) of this period's data`,
    id: `/subscriptions/${CORP_SUB}/providers/Microsoft.Consumption/budgets/b1`,
    scope: `/subscriptions/${CORP_SUB}`,
    scopeType: "subscription",
    amount: 1000,
    periodStart: "2025-06-01",
    actual,
    forecast,
    owners: ["alice@contoso.com"],
    topDrivers: [
      { kind: "resourceGroup", name: "rg-small", cost: 10 },
      { kind: "resourceGroup", name: "rg-gpu", cost: 700 },
    ],
  });
const keys = (ds: ReturnType<typeof evaluateBudgetAlerts>) => ds.map((d) => d.evidence["alertKey"] as string);

describe("budgetAlerts", () => {
  it("fires each newly crossed threshold once, actual and forecasted, with top drivers", () => {
    const first = evaluateBudgetAlerts({ budgets: [budget(520, 800)], fired: [] }, policy, NOW);
    expect(first.map((d) => d.rule)).toEqual(["actual-50", "forecasted-50", "forecasted-75"]);
    expect(first[0]!.reason).toContain("rg-gpu 700.00 USD, rg-small");
    expect(first[0]!.action).toMatchObject({ type: "notifyOnly", contacts: ["alice@contoso.com"] });
    const second = evaluateBudgetAlerts({ budgets: [budget(910, 1100)], fired: keys(first) }, policy, NOW);
    expect(second.map((d) => d.rule)).toEqual(["actual-75", "actual-90", "forecasted-90", "forecasted-100"]);
  });

  it("fires again in a new period", () => {
    const june = evaluateBudgetAlerts({ budgets: [budget(600, 600)], fired: [] }, policy, NOW);
    const july = BudgetFacts.parse({ ...budget(600, 600), periodStart: "2025-07-01" });
    expect(evaluateBudgetAlerts({ budgets: [july], fired: keys(june) }, policy, NOW)).toHaveLength(2);
  });

  it("nothing fires below the first threshold or when all crossed ones already fired", () => {
    expect(evaluateBudgetAlerts({ budgets: [budget(100, 400)], fired: [] }, policy, NOW)).toEqual([]);
    const once = evaluateBudgetAlerts({ budgets: [budget(760, 760)], fired: [] }, policy, NOW);
    expect(evaluateBudgetAlerts({ budgets: [budget(770, 770)], fired: keys(once) }, policy, NOW)).toEqual([]);
  });

  it("forecast thresholds wait for forecastMinDays of data and say what the forecast rests on; actual thresholds never wait", () => {
    const early = evaluateBudgetAlerts({ budgets: [budget(520, 3000, 1)], fired: [] }, policy, NOW);
    expect(early.map((d) => d.rule)).toEqual(["actual-50"]);
    const atMin = evaluateBudgetAlerts({ budgets: [budget(520, 3000, policy.guardrails.budgetAlerts.params.forecastMinDays)], fired: keys(early) }, policy, NOW);
    expect(atMin.map((d) => d.rule)).toEqual(["forecasted-50", "forecasted-75", "forecasted-90", "forecasted-100"]);
    expect(atMin[0]!.reason).toContain(`forecast from ${policy.guardrails.budgetAlerts.params.forecastMinDays} day(s) of this period's data`);
    const never = evaluateBudgetAlerts({ budgets: [budget(520, 3000, 1)], fired: [] }, policyWith("budgetAlerts", "dryRun", { forecastMinDays: 0 }), NOW);
    expect(never.map((d) => d.rule)).toContain("forecasted-100");
  });

  it("a subscription without a budget is a finding; enforce creates one with at most 5 notifications", () => {
    const subs = [subscriptionFacts(), subscriptionFacts({ id: ONLINE_SUB, archetype: "online", name: "online-1" })];
    const ds = evaluateBudgetAlerts({ budgets: [budget(0, 0)], fired: [], subscriptions: subs }, policyWith("budgetAlerts", "enforce"), NOW);
    expect(ds.map((d) => [d.resourceId, d.verdict])).toEqual([
      [`/subscriptions/${CORP_SUB}`, "ok"],
      [`/subscriptions/${ONLINE_SUB}`, "act"],
    ]);
    const create = ds[1]!.action!;
    expect(create).toMatchObject({ type: "createBudget", scope: `/subscriptions/${ONLINE_SUB}`, amount: 1000 });
    expect(create.type === "createBudget" && create.notifications.map((n) => `${n.thresholdType}${n.threshold}`)).toEqual(["Actual50", "Actual75", "Actual90", "Actual100", "Forecasted100"]);
    expect(ds[1]!.dryRun).toBe(false);
  });
});

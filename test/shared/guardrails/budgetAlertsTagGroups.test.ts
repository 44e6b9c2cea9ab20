import { describe, expect, it } from "vitest";
import { Policy } from "../../../shared/config/Policy";
import { evaluateBudgetAlerts } from "../../../shared/guardrails/budgetAlerts/evaluateBudgetAlerts";
import { tagBudgetFacts } from "../../../shared/guardrails/budgetAlerts/tagBudgetFacts";
import { CostFacts } from "../../../shared/sweep/CostFacts";
import { examplePolicy, policyWith } from "../fixtures/policy";
import { NOW, subscriptionFacts } from "../fixtures/facts";
import { CORP_SUB, ONLINE_SUB } from "../fixtures/ids";

const policy = policyWith("budgetAlerts", "dryRun", {
  tagGroups: ["cost-center"],
  tagBudgets: { "cost-center": { "cc-1": { amount: 1000 }, "cc-2": { amount: 500, owners: ["finance-cc2@contoso.com"] }, "(untagged)": { amount: 100 } } },
});
const corp = subscriptionFacts({ tags: { owner: "priya@contoso.com" } });
const online = subscriptionFacts({ id: ONLINE_SUB, archetype: "online", name: "online-1", tags: { owner: "maria@contoso.com" } });
const costs = (over: Partial<CostFacts> = {}) =>
  CostFacts.parse({
    periodStart: "2025-06-01",
    daysWithData: 14,
    daysInPeriod: 30,
    bySubscription: {},
    tagSpend: [
      // cc-1 is spent mostly in corp, some in online: one line, judged in corp's batch.
      { tag: "cost-center", value: "cc-1", actual: 800, recentDaily: 60, bySubscription: { [CORP_SUB]: 600, [ONLINE_SUB]: 200 } },
      { tag: "cost-center", value: "cc-2", actual: 260, recentDaily: 5, bySubscription: { [ONLINE_SUB]: 260 } },
      { tag: "cost-center", value: "(untagged)", actual: 95, recentDaily: 1, bySubscription: { [ONLINE_SUB]: 95 } },
      // No budget anywhere: spend, but nothing to judge it against.
      { tag: "cost-center", value: "cc-3", actual: 9999, recentDaily: 100, bySubscription: { [CORP_SUB]: 9999 } },
    ],
    ...over,
  });

describe("budgetAlerts tag groups", () => {
  it("judges each value once, in the batch of its biggest subscription, routed to the value's owners, with the subscriptions as drivers", () => {
    const inCorp = evaluateBudgetAlerts({ budgets: tagBudgetFacts([corp], costs(), policy), fired: [] }, policy, NOW);
    expect(inCorp.map((d) => d.rule)).toEqual(["tag:cost-center=cc-1:actual-50", "tag:cost-center=cc-1:actual-75", "tag:cost-center=cc-1:forecasted-50", "tag:cost-center=cc-1:forecasted-75", "tag:cost-center=cc-1:forecasted-90", "tag:cost-center=cc-1:forecasted-100"]);
    expect(inCorp[0]!.resourceId).toBe("/providers/Microsoft.Management/managementGroups/alz");
    // No owner named in the policy: the owners of the subscriptions the value was spent in.
    expect(inCorp[0]!.action).toMatchObject({ type: "notifyOnly", contacts: ["priya@contoso.com"], subject: "Budget 50% actual: tag:cost-center=cc-1" });
    expect(inCorp[0]!.reason).toContain("spend 800.00 USD is 80% of the 1000.00 USD budget for tag:cost-center=cc-1");
    expect(inCorp[0]!.reason).toContain("top drivers: sub-corp 600.00 USD");
    const inOnline = evaluateBudgetAlerts({ budgets: tagBudgetFacts([online], costs(), policy), fired: [] }, policy, NOW);
    expect(inOnline.map((d) => d.rule)).toEqual(["tag:cost-center=cc-2:actual-50", "tag:cost-center=cc-2:forecasted-50", "tag:cost-center=(untagged):actual-50", "tag:cost-center=(untagged):actual-75", "tag:cost-center=(untagged):actual-90", "tag:cost-center=(untagged):forecasted-50", "tag:cost-center=(untagged):forecasted-75", "tag:cost-center=(untagged):forecasted-90", "tag:cost-center=(untagged):forecasted-100"]);
    expect(inOnline[0]!.action).toMatchObject({ contacts: ["finance-cc2@contoso.com"] });
  });

  it("fires a threshold once per period: fired keys hold it back, a new period fires it again", () => {
    const first = evaluateBudgetAlerts({ budgets: tagBudgetFacts([corp], costs(), policy), fired: [] }, policy, NOW);
    const fired = first.map((d) => String(d.evidence["alertKey"]));
    expect(evaluateBudgetAlerts({ budgets: tagBudgetFacts([corp], costs(), policy), fired }, policy, NOW)).toEqual([]);
    const july = evaluateBudgetAlerts({ budgets: tagBudgetFacts([corp], costs({ periodStart: "2025-07-01" }), policy), fired }, policy, NOW);
    expect(july).toHaveLength(first.length);
  });

  it("an Azure budget at the root management group filtered to the value takes precedence, with its contacts", () => {
    const id = "/providers/microsoft.management/managementgroups/alz/providers/microsoft.consumption/budgets/cc-1";
    const withAzure = costs({ tagBudgets: [{ id, tag: "cost-center", value: "CC-1", amount: 2000, contacts: ["cc1-finance@contoso.com"] }] });
    const ds = evaluateBudgetAlerts({ budgets: tagBudgetFacts([corp], withAzure, policy), fired: [] }, policy, NOW);
    expect(ds.map((d) => d.rule)).toEqual(["tag:cost-center=cc-1:forecasted-50", "tag:cost-center=cc-1:forecasted-75"]);
    expect(ds[0]).toMatchObject({ resourceId: id, evidence: { budgetId: id, amount: 2000 }, action: { contacts: ["cc1-finance@contoso.com"] } });
  });

  it("a tagBudgets tag outside tagGroups is refused, naming the field", () => {
    const input = structuredClone(examplePolicy()) as any;
    input.guardrails.budgetAlerts.params = { ...input.guardrails.budgetAlerts.params, tagGroups: ["project"], tagBudgets: { "cost-center": { "cc-1": { amount: 1 } } } };
    const r = Policy.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("tag 'cost-center' is not in tagGroups (project)");
  });
});

import { upsertBudget } from "../../../shared/azure/consumption/budgets";
import { ensureResourceGroup } from "../../../shared/vending/azure/ensureResourceGroup";
import { upsertBudgetActionGroup } from "../../../shared/vending/azure/upsertBudgetActionGroup";
import { vendingNames } from "../../../shared/vending/vendingNames";
import { completedSteps } from "../../../shared/vending/withStep";
import { inStep } from "../inStep";
import { readRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";
import { ownersOf } from "./loadRequest";

const DEFAULT_ACTUAL = [50, 80, 100];
/** Azure allows 5 notifications per budget: up to 4 actual thresholds plus the forecast at 100%. */
const MAX_ACTUAL = 4;

/**
 * A monthly budget on the subscription with actual-spend thresholds and a forecast alert, sent to
 * the owners (by address and by the Owner role) and to the ailz budget webhook through an action group.
 */
export async function createBudget(deps: VendingDeps, input: { requestId: string; subscriptionId: string }) {
  const s = await readRequest(deps, input.requestId);
  const r = s.request;
  const names = vendingNames(r);
  const emails = ownersOf(completedSteps(s)).map((o) => o.mail ?? o.upn).filter((m): m is string => Boolean(m));
  return inStep(deps, input.requestId, "budget", async () => {
    const sub = input.subscriptionId;
    await ensureResourceGroup(deps.clients.resources(sub), names.platformResourceGroup, r.regions.primary, { "ailz-managed": "true" });
    const actionGroupId = await upsertBudgetActionGroup(
      deps.clients.resources(sub),
      `/subscriptions/${sub}/resourceGroups/${names.platformResourceGroup}/providers/Microsoft.Insights/actionGroups/${names.actionGroup}`,
      deps.budgetWebhookUrl,
    );
    const actual = [...new Set(r.budget.thresholds ?? DEFAULT_ACTUAL)].sort((a, b) => a - b).slice(-MAX_ACTUAL);
    const contact = { contactEmails: emails, contactRoles: ["Owner"], contactGroups: [actionGroupId] };
    const notifications: Record<string, { threshold: number; thresholdType: "Actual" | "Forecasted"; contactEmails: string[]; contactRoles: string[]; contactGroups: string[] }> = {};
    for (const t of actual) notifications[`actual_${t}`] = { threshold: t, thresholdType: "Actual", ...contact };
    notifications.forecast_100 = { threshold: 100, thresholdType: "Forecasted", ...contact };
    const now = deps.now();
    const startDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const budget = await upsertBudget(deps.clients.consumption(sub), `/subscriptions/${sub}`, names.budget, { amount: r.budget.amount, timeGrain: "Monthly", startDate, notifications });
    return { budgetId: budget.id, amount: budget.amount, thresholds: { actual, forecasted: [100] }, actionGroupId };
  });
}

import type { HttpRequest } from "@azure/functions";
import { z } from "zod";
import { executeDecision } from "../shared/actions/executeDecision";
import { budgetAlertKey } from "../shared/guardrails/budgetAlerts/budgetAlertKey";
import { evaluateBudgetAlerts } from "../shared/guardrails/budgetAlerts/evaluateBudgetAlerts";
import { actionContextFor, getPolicy, getStores } from "./deps";
import { openRoute } from "./auth/httpRoute";
import { jsonReply } from "./http/jsonReply";
import { readJsonBody } from "./http/readJsonBody";

// Azure Monitor action-group webhook, common alert schema, for cost budget alerts:
// data.essentials.{alertId, monitoringService: "CostAlerts"...}, data.alertContext.{BudgetName,
// BudgetType, BudgetThreshold ("Actual"/"Forecasted" amount), NotificationThresholdAmount,
// BudgetStartDate, SpentAmount / ForecastedTotalForPeriod, Unit, SubscriptionId, ResourceGroup}.
const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const CommonAlert = z.object({
  schemaId: z.literal("azureMonitorCommonAlertSchema"),
  data: z.object({
    essentials: z.object({ alertId: z.string().optional(), monitoringService: z.string().optional(), alertTargetIDs: z.array(z.string()).optional() }).loose(),
    alertContext: z
      .object({
        BudgetName: z.string().min(1),
        BudgetType: z.string().optional(),
        BudgetThreshold: num,
        NotificationThresholdAmount: num,
        BudgetStartDate: z.string().min(8),
        SpentAmount: num.optional(),
        ForecastedTotalForPeriod: num.optional(),
        Unit: z.string().default("USD"),
        SubscriptionId: z.string().min(1),
        ResourceGroup: z.string().optional(),
        ThresholdType: z.string().optional(),
      })
      .loose(),
  }),
});

/**
 * Azure's own budget alert, between sweeps: evaluated as budget facts through the same guardrail,
 * so a threshold the sweep already fired (or that fires later the same period) is sent only once.
 */
// An action group's webhook cannot sign in: the function key in its URL is its credential.
openRoute("budgetAlertsWebhook", {
  route: "budget-alerts",
  methods: ["POST"],
  access: "webhook",
  handler: async (request: HttpRequest) => {
    const alert = CommonAlert.parse(await readJsonBody(request)).data.alertContext;
    const policy = getPolicy();
    const stores = getStores();
    const scope = alert.ResourceGroup ? `/subscriptions/${alert.SubscriptionId}/resourceGroups/${alert.ResourceGroup}` : `/subscriptions/${alert.SubscriptionId}`;
    const budgetId = `${scope}/providers/Microsoft.Consumption/budgets/${alert.BudgetName}`.toLowerCase();
    // A threshold fires once per budget period: the current calendar month (monthly budgets), as in the sweep.
    const periodStart = `${new Date().toISOString().slice(0, 7)}-01`;
    const amount = Number(alert.BudgetThreshold);
    const fired = (await stores.budgetAlerts.fired(budgetId, periodStart)).map((f) => budgetAlertKey(f.scope, f.period, f.kind === "actual" ? "Actual" : "Forecasted", f.threshold));
    const budgets = [{ id: budgetId, scope, scopeType: alert.ResourceGroup ? ("resourceGroup" as const) : ("subscription" as const), amount, currency: alert.Unit, periodStart, actual: alert.SpentAmount ?? 0, forecast: alert.ForecastedTotalForPeriod ?? alert.SpentAmount ?? 0, owners: [], topDrivers: [] }];
    const decisions = evaluateBudgetAlerts({ budgets, fired }, policy, new Date());
    const sent: string[] = [];
    const now = new Date();
    for (const d of decisions) {
      const e = d.evidence as { threshold: number; thresholdType: "Actual" | "Forecasted"; alertKey: string };
      if (!(await stores.budgetAlerts.markFired(budgetId, periodStart, e.threshold, e.thresholdType === "Actual" ? "actual" : "forecasted", now.toISOString()))) continue;
      await executeDecision({ ...d, dryRun: false }, actionContextFor(`budgetAlert:${e.alertKey}`, now));
      sent.push(e.alertKey);
    }
    return jsonReply(200, { budgetId, periodStart, fired: sent, alreadyFired: decisions.length - sent.length });
  },
});

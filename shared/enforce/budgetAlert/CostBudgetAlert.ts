import { z } from "zod";

/**
 * Azure's amounts are currency-formatted strings ("$11,111.00", "8000.0"); numbers pass as they
 * are. The currency itself is the alert's `Unit`.
 */
const Money = z.union([
  z.number().nonnegative(),
  z
    .string()
    .trim()
    .transform((s) => s.replace(/[^\d.,-]/g, "").replace(/,/g, ""))
    .pipe(z.string().regex(/^\d+(\.\d+)?$/, "must be an amount such as \"$1,234.50\"").transform(Number)),
]);

/**
 * A Cost Management budget alert as an action group delivers it in the common alert schema
 * (Microsoft's "Sample alert payloads": `Actual Cost Budget` and `Forecasted Budget`):
 * `data.essentials.monitoringService: "CostAlerts"`, the budget in `data.alertContext.AlertData`.
 */
export const CostBudgetAlert = z.object({
  schemaId: z.literal("azureMonitorCommonAlertSchema"),
  data: z.object({
    essentials: z
      .object({
        alertId: z.string().min(1),
        monitoringService: z.literal("CostAlerts", { error: 'must be "CostAlerts": this endpoint takes Cost Management budget alerts' }),
        firedDateTime: z.string().optional(),
        description: z.string().nullish(),
      })
      .loose(),
    alertContext: z
      .object({
        AlertData: z
          .object({
            Scope: z.string().min(1).optional(),
            ThresholdType: z.enum(["Actual", "Forecasted"]),
            BudgetType: z.string().optional(),
            /** The budget's amount. */
            BudgetThreshold: Money.refine((n) => n > 0, "must be more than 0"),
            /** The notification's threshold as an amount (25 of a 50 budget: the 50% threshold). */
            NotificationThresholdAmount: Money,
            BudgetName: z.string().min(1),
            BudgetId: z.string().min(1).optional(),
            BudgetStartDate: z.string().optional(),
            Unit: z.string().min(1).default("USD"),
            SpentAmount: Money,
            ForecastedTotalForPeriod: Money.optional(),
          })
          .loose()
          .refine((a) => a.BudgetId || a.Scope, { message: "BudgetId or Scope is required", path: ["BudgetId"] })
          .refine((a) => a.ThresholdType !== "Forecasted" || a.ForecastedTotalForPeriod !== undefined, { message: "is required when ThresholdType is Forecasted", path: ["ForecastedTotalForPeriod"] }),
      })
      .loose(),
  }),
});
export type CostBudgetAlert = z.infer<typeof CostBudgetAlert>;

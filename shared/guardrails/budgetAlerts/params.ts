import { z } from "zod";
import { Archetype } from "../../estate/Archetype";

export const budgetAlertsName = "budgetAlerts";

const percents = z.array(z.number().positive().max(1000));

export const budgetAlertsParams = z
  .object({
    thresholds: z
      .object({ actual: percents.default([50, 75, 90, 100]), forecasted: percents.default([50, 75, 90, 100]) })
      .strict()
      .prefault({}),
    /**
     * Days of cost data the period must have before a forecast threshold fires: a forecast from one
     * or two days of spend pages people for noise. Actual thresholds never wait.
     */
    forecastMinDays: z.number().int().min(0).max(31).default(5),
    /** Subscriptions in these archetypes must have a budget. */
    requireBudgetIn: z.array(Archetype).default(["corp", "online", "sandbox"]),
    topDrivers: z.number().int().min(0).max(20).default(5),
    /** The budget created in enforce mode for a subscription without one. */
    defaultBudget: z
      .object({
        amount: z.number().positive().default(1000),
        contactRoles: z.array(z.string()).default(["Owner"]),
        actual: percents.default([50, 75, 90, 100]),
        forecasted: percents.default([100]),
      })
      .strict()
      .prefault({})
      .refine((b) => b.actual.length + b.forecasted.length <= 5, { message: "Azure budgets allow at most 5 notifications" }),
  })
  .strict();

export const budgetAlertsExample = `
budgetAlerts:
  mode: enforce          # creates a budget on subscriptions that have none
  params:
    thresholds: { actual: [50, 75, 90, 100], forecasted: [90, 100] }
    forecastMinDays: 7   # no forecast alert before the 8th: a week of spend to forecast from
    defaultBudget: { amount: 500 }
`;

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
    /**
     * Tags whose values are budget scopes across the whole estate (every `cost-center`): spend per
     * value comes from one Cost Management query per tag, grouped by that tag, at the root
     * management group. Spend without the tag is a line of its own, `(untagged)`.
     */
    tagGroups: z.array(z.string().min(1)).default(["cost-center"]),
    /**
     * Budgets per tag value (`tag -> value -> budget`); the value `(untagged)` budgets the spend
     * without the tag. A `Microsoft.Consumption/budgets` at the root management group filtered to
     * one value of the tag takes precedence over the policy's amount for that value.
     */
    tagBudgets: z
      .record(
        z.string(),
        z.record(
          z.string(),
          z
            .object({
              amount: z.number().positive(),
              /** Who hears about this value's thresholds; default the owners of the subscriptions its spend is in. */
              owners: z.array(z.string()).default([]),
            })
            .strict(),
        ),
      )
      .default({}),
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
  .strict()
  .superRefine((p, ctx) => {
    for (const tag of Object.keys(p.tagBudgets)) {
      if (!p.tagGroups.includes(tag)) ctx.addIssue({ code: "custom", path: ["tagBudgets", tag], message: `tag '${tag}' is not in tagGroups (${p.tagGroups.join(", ") || "none"})` });
    }
  });

/** The tag value that stands for spend without the tag. */
export const UNTAGGED = "(untagged)";

export const budgetAlertsExample = `
budgetAlerts:
  mode: enforce          # creates a budget on subscriptions that have none
  params:
    thresholds: { actual: [50, 75, 90, 100], forecasted: [90, 100] }
    forecastMinDays: 7   # no forecast alert before the 8th: a week of spend to forecast from
    tagGroups: [cost-center]
    tagBudgets:
      cost-center:
        cc-2100: { amount: 20000, owners: [finance-genai@contoso.com] }
        (untagged): { amount: 2000 }
    defaultBudget: { amount: 500 }
`;

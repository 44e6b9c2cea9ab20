import { z } from "zod";

/** One value of a tag group over the whole scope: month to date, the recent daily run rate, and where it was spent. */
export const TagSpend = z.object({
  tag: z.string(),
  /** The tag's value as Cost Management returns it; `UNTAGGED` for spend without the tag. */
  value: z.string(),
  actual: z.number(),
  recentDaily: z.number(),
  /** Lower-case subscription id -> month-to-date spend of this value there. */
  bySubscription: z.record(z.string(), z.number()),
  /** The previous month's spend over the same days (1st to the same day count): month-over-month change. */
  previous: z.number().default(0),
});
export type TagSpend = z.infer<typeof TagSpend>;

export const TagBudget = z.object({ id: z.string(), tag: z.string(), value: z.string(), amount: z.number(), contacts: z.array(z.string()) });
export type TagBudget = z.infer<typeof TagBudget>;

/** Month-to-date cost of the whole scope, per subscription and resource group, and each subscription's recent daily run rate. */
export const CostFacts = z.object({
  /** First day of the budget period (the calendar month), YYYY-MM-DD. */
  periodStart: z.iso.date(),
  /** Days of the period with cost data (Cost Management lags about a day). */
  daysWithData: z.number().int().nonnegative(),
  daysInPeriod: z.number().int().positive(),
  currency: z.string().default("USD"),
  /** Lower-case subscription id -> resource group (lower-case) -> cost. */
  bySubscription: z.record(z.string(), z.record(z.string(), z.number())),
  /**
   * Lower-case subscription id -> average daily cost over the last `recentDays` complete days,
   * which reach back into the previous period early in the month: the forecast's history.
   */
  recentDaily: z.record(z.string(), z.number()).default({}),
  recentDays: z.number().int().positive().default(7),
  /** Lower-case subscription id -> resource group (lower-case) -> recent daily cost (the same query as `recentDaily`). */
  recentDailyByGroup: z.record(z.string(), z.record(z.string(), z.number())).optional(),
  /** Spend per value of each of budgetAlerts' `tagGroups` (collectTagCosts). */
  tagSpend: z.array(TagSpend).optional(),
  /** Budgets at the root management group filtered to one tag value: they budget that value. */
  tagBudgets: z.array(TagBudget).optional(),
});
export type CostFacts = z.infer<typeof CostFacts>;

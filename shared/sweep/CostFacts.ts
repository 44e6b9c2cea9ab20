import { z } from "zod";

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
});
export type CostFacts = z.infer<typeof CostFacts>;

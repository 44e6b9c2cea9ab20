import { z } from "zod";

/** Month-to-date cost of the whole scope, per subscription and resource group (one query). */
export const CostFacts = z.object({
  /** First day of the budget period (the calendar month), YYYY-MM-DD. */
  periodStart: z.iso.date(),
  /** Days of the period with cost data (Cost Management lags about a day). */
  daysWithData: z.number().int().nonnegative(),
  daysInPeriod: z.number().int().positive(),
  currency: z.string().default("USD"),
  /** Lower-case subscription id -> resource group (lower-case) -> cost. */
  bySubscription: z.record(z.string(), z.record(z.string(), z.number())),
});
export type CostFacts = z.infer<typeof CostFacts>;

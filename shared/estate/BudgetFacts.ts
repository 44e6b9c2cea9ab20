import { z } from "zod";

/** A cost driver inside a budget scope (resource group or resource type) for this period. */
const CostDriver = z.object({ kind: z.enum(["resourceGroup", "resourceType", "resource", "subscription"]), name: z.string(), cost: z.number() });
type CostDriver = z.infer<typeof CostDriver>;

/**
 * One budget scope for the current period: a subscription, a resource group or a tag group
 * (`tag:cost-center=cc-123`), with month-to-date actual and end-of-period forecast.
 */
export const BudgetFacts = z.object({
  /** Stable id: the budget's ARM id, or the policy's tag-group name. */
  id: z.string().min(1),
  scope: z.string().min(1),
  /** The ARM id its findings are recorded on when `scope` is not one (a tag value: its Azure budget, else the root management group). */
  resourceId: z.string().optional(),
  scopeType: z.enum(["subscription", "resourceGroup", "tag"]),
  amount: z.number().positive(),
  currency: z.string().default("USD"),
  /** First day of the budget period, YYYY-MM-DD: a threshold fires once per period. */
  periodStart: z.iso.date(),
  actual: z.number().nonnegative(),
  forecast: z.number().nonnegative(),
  /** Days of this period with cost data: forecast thresholds wait for the policy's `forecastMinDays`. */
  daysWithData: z.number().int().nonnegative(),
  /** What the forecast rests on, said in the alert (e.g. "12 days of data plus ..."). */
  forecastBasis: z.string().optional(),
  owners: z.array(z.string()).default([]),
  topDrivers: z.array(CostDriver).default([]),
});
export type BudgetFacts = z.infer<typeof BudgetFacts>;
